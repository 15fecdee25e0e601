"""Commands `maklumat demo` starts beside the server (production: run the same under systemd)."""

WORKERS = [["complaints", "sweep", "--loop", "--interval", "30"]]
