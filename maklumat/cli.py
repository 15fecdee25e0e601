"""The `maklumat` console script: every Django management command plus our own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["maklumat", *sys.argv[1:]])


if __name__ == "__main__":
    main()
