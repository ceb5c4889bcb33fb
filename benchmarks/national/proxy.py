"""HTTP proxies in front of the real CKAN: a forwarding base, and one that counts API calls.

`ForwardingProxy` relays each request over a persistent connection per thread; subclasses see
every request first (`handle`). `CountingProxy` counts `/api/.../action/<name>` calls; reads and
writes are told apart by the action's name (CKAN's own verbs), not by anything datamuni reports.
The integration tests' fault proxy (`tests/integration/faultproxy.py`) is another subclass.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import urlsplit

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "host", "proxy-connection"}
WRITE_VERBS = ("create", "update", "upsert", "patch", "revise", "delete", "purge")


def is_write(action: str) -> bool:
    """Whether a CKAN action changes something (its name holds a writing verb)."""
    return any(verb in action for verb in WRITE_VERBS)


def last_segment(path: str) -> str:
    """The last segment of a request path, without its query (`package_show`)."""
    return path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def action_of(path: str) -> str | None:
    """The CKAN action a request path calls (`package_show`), or None for other paths."""
    if "/api/" not in path or "/action/" not in path:
        return None
    return last_segment(path)


class ForwardingProxy:
    """Proxy on 127.0.0.1:<free port> relaying every request to `upstream` unchanged."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to give the client instead of CKAN's."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        """Answer one request: by default read its body and relay it."""
        self.relay(request, read_body(request))

    def relay(self, request: BaseHTTPRequestHandler, body: bytes, *, drop: bool = False) -> None:
        """Forward to CKAN and send its answer back (`drop`: let CKAN work, then cut)."""
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        try:
            status, answer_headers, data = self._forward(
                request.command, request.path, body, headers
            )
        except (http.client.HTTPException, OSError):
            request.close_connection = True
            with contextlib.suppress(OSError):
                request.send_error(502)
            return
        if drop:
            cut(request)
            return
        dropped = HOP_HEADERS | {"content-length"}  # `answer` sends the length it writes
        answer(
            request, status, [(k, v) for k, v in answer_headers if k.lower() not in dropped], data
        )

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
                response = connection.getresponse()
                return response.status, response.getheaders(), response.read()
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

            def log_message(self, *args: object) -> None:  # keep the output clean
                pass

            def do_GET(self) -> None:
                proxy.handle(self)

            def do_POST(self) -> None:
                proxy.handle(self)

        return Handler


def read_body(request: BaseHTTPRequestHandler, share: float = 1.0) -> bytes:
    """The request's body (`share` of it: a client cut mid-upload)."""
    length = int(request.headers.get("Content-Length") or 0)
    return request.rfile.read(int(length * share)) if length else b""


def answer(
    request: BaseHTTPRequestHandler, status: int, headers: list[tuple[str, str]], data: bytes
) -> None:
    """Send a whole answer with its length."""
    request.send_response(status)
    for key, value in headers:
        request.send_header(key, value)
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)


def cut(request: BaseHTTPRequestHandler) -> None:
    """Drop the client's connection without an answer."""
    request.close_connection = True
    with contextlib.suppress(OSError):
        request.connection.shutdown(socket.SHUT_RDWR)


class CountingProxy(ForwardingProxy):
    """Forwards to `upstream`, counting CKAN actions by name."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream)
        self.actions: Counter[str] = Counter()
        self.other_requests = 0

    def snapshot(self) -> Counter[str]:
        """A copy of the counts so far (subtract two snapshots to count one phase)."""
        with self._lock:
            return Counter(self.actions)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        """Count the request, then relay it."""
        action = action_of(request.path)
        with self._lock:
            if action is None:
                self.other_requests += 1
            else:
                self.actions[action] += 1
        super().handle(request)
