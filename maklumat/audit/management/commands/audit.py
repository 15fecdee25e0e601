"""``maklumat audit verify [--office CODE]``: walk the audit hash chain(s); exit 1 at the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from maklumat.audit.services import audit_chains, audit_verify


class Command(BaseCommand):
    help = "Periksa jejak audit / Check the audit trail (verify: walk the hash chains, exit 1 if broken)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Walk the hash chain(s) and report the first broken link")
        verify.add_argument("--office", metavar="CODE", help="only this office's chain")

    def handle(self, *args, subcommand, office=None, **options):
        if office is not None and not audit_chains(office):
            raise CommandError(f"--office: kantor tidak ada: {office!r}")
        count, broken = audit_verify(office)
        if broken is not None:
            self.stderr.write(f"BROKEN: {broken} ({count} entries verified intact before it)")
            raise SystemExit(1)
        self.stdout.write(f"OK: {count} audit entries, chain intact")
