"""A counting HTTP proxy in front of CKAN: every API call by action name, independent of datamuni.

Same idea as `tests/integration/faultproxy.py`, without faults: it forwards each request over a
persistent connection per thread and counts `/api/.../action/<name>` calls; reads and writes are
told apart by the action's name (CKAN's own verbs), not by anything datamuni reports.
"""

from __future__ import annotations

import contextlib
import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "host", "proxy-connection"}
WRITE_VERBS = ("create", "update", "upsert", "patch", "revise", "delete", "purge")


def is_write(action: str) -> bool:
    """Whether a CKAN action changes something (its name holds a writing verb)."""
    return any(verb in action for verb in WRITE_VERBS)


class CountingProxy:
    """Proxy on 127.0.0.1:<free port> forwarding to `upstream`, counting actions."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.actions: Counter[str] = Counter()
        self.other_requests = 0
        self._lock = threading.Lock()
        self._local = threading.local()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to give datamuni instead of CKAN's."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> CountingProxy:
        self._thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def snapshot(self) -> Counter[str]:
        """A copy of the counts so far (subtract two snapshots to count one phase)."""
        with self._lock:
            return Counter(self.actions)

    def _count(self, path: str) -> None:
        with self._lock:
            if "/api/" in path and "/action/" in path:
                self.actions[path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]] += 1
            else:
                self.other_requests += 1

    def _connection(self) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self._local, "upstream", None)
        if connection is None:
            connection = http.client.HTTPConnection(*self.upstream, timeout=600)
            self._local.upstream = connection
        return connection

    def _forward(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Send upstream on this thread's connection, reconnecting once if CKAN closed it."""
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request(method, path, body=body, headers=headers)
                answer = connection.getresponse()
                return answer.status, answer.getheaders(), answer.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                self._local.upstream = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep the benchmark output clean
                pass

            def do_GET(self) -> None:
                self._relay()

            def do_POST(self) -> None:
                self._relay()

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                proxy._count(self.path)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                try:
                    status, answer_headers, data = proxy._forward(
                        self.command, self.path, body, headers
                    )
                except (http.client.HTTPException, OSError):
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.send_error(502)
                    return
                self.send_response(status)
                for key, value in answer_headers:
                    if key.lower() not in HOP_HEADERS and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
