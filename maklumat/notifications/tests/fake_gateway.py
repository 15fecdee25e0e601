"""A local fake HTTP gateway (http.server in a thread) for the SMS and WhatsApp adapters.

It answers the status codes it is told to (``script``: one per request, then 200), records every
request, and delivers a message once per ``Idempotency-Key`` (as a deduplicating SMS gateway does;
a request without the header is always delivered).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGateway:
    def __init__(self, script: list[int] | None = None):
        self.script = list(script or [])
        self.requests: list[dict] = []
        self.delivered: dict[str, dict] = {}
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with gateway.lock:
                    gateway.requests.append({"path": self.path, "headers": dict(self.headers), "json": body})
                    status = gateway.script.pop(0) if gateway.script else 200
                    key = self.headers.get("Idempotency-Key") or f"request-{len(gateway.requests)}"
                    if status == 200:
                        gateway.delivered.setdefault(key, body)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                answer = {"id": f"gw-{len(gateway.delivered)}", "messages": [{"id": "wamid.TEST"}]}
                self.wfile.write(json.dumps(answer if status == 200 else {"error": status}).encode())

            def log_message(self, *args):  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
