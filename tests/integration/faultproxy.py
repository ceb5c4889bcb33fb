"""A small threaded HTTP proxy in front of the real CKAN that injects faults on chosen actions.

Faults: `cut_before` (drop the connection without forwarding), `status` (answer e.g. 500
without forwarding), `cut_after` (forward, let CKAN do the work, then drop the answer),
`cut_mid` (read half of the request body, e.g. an upload, then drop the connection),
`delay` (wait `delay` seconds — longer than the client's timeout — then forward: CKAN does the
work after the client gave up), `stall` (wait `delay` seconds, then drop without forwarding).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "host", "proxy-connection"}


@dataclass
class Fault:
    """Inject `kind` on the next `times` calls whose action is `action` (-1: always)."""

    action: str
    kind: str
    times: int = 1
    status: int = 500
    delay: float = 0.0


class FaultProxy:
    """Proxy on 127.0.0.1:<free port> forwarding to `upstream`, recording every action seen."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.faults: list[Fault] = []
        self.seen: list[str] = []
        self.injected: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to give the client instead of CKAN's."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, fault: Fault) -> None:
        """Arm one more fault."""
        with self._lock:
            self.faults.append(fault)

    def _take(self, action: str) -> Fault | None:
        with self._lock:
            self.seen.append(action)
            for fault in self.faults:
                if fault.action == action and fault.times != 0:
                    fault.times -= 1
                    self.injected.append((action, fault.kind))
                    return fault
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                self._relay()

            def do_POST(self) -> None:
                self._relay()

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                action = self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
                fault = proxy._take(action) if "/api/" in self.path else None
                if fault and fault.kind == "cut_mid":
                    self.rfile.read(length // 2)
                    return self._cut()
                body = self.rfile.read(length) if length else b""
                if fault and fault.kind in ("delay", "stall"):
                    time.sleep(fault.delay)
                if fault and fault.kind == "stall":
                    return self._cut()
                if fault and fault.kind == "cut_before":
                    return self._cut()
                if fault and fault.kind == "status":
                    payload = b"<html>fallo inyectado</html>"
                    self.send_response(fault.status)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return None
                upstream = http.client.HTTPConnection(*proxy.upstream, timeout=120)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                upstream.close()
                if fault and fault.kind == "cut_after":
                    return self._cut()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in HOP_HEADERS and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return None

            def _cut(self) -> None:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)

        return Handler
