"""A proxy in front of the real CKAN that injects faults on chosen actions.

Faults: `cut_before` (drop the connection without forwarding), `status` (answer e.g. 500
without forwarding), `cut_after` (forward, let CKAN do the work, then drop the answer),
`cut_mid` (read half of the request body, e.g. an upload, then drop the connection),
`delay` (wait `delay` seconds — longer than the client's timeout — then forward: CKAN does the
work after the client gave up), `stall` (wait `delay` seconds, then drop without forwarding).
The forwarding itself is the benchmarks' (`benchmarks/national/proxy.py`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from benchmarks.national.proxy import ForwardingProxy, answer, cut, last_segment, read_body


@dataclass
class Fault:
    """Inject `kind` on the next `times` calls whose action is `action` (-1: always)."""

    action: str
    kind: str
    times: int = 1
    status: int = 500
    delay: float = 0.0


class FaultProxy(ForwardingProxy):
    """Forwards to `upstream`, recording every action seen and injecting the armed faults."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream)
        self.faults: list[Fault] = []
        self.seen: list[str] = []
        self.injected: list[tuple[str, str]] = []

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

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        """Relay the request, or inject the fault armed for its action."""
        fault = self._take(last_segment(request.path)) if "/api/" in request.path else None
        kind = fault.kind if fault else None
        if fault and kind == "cut_mid":
            read_body(request, share=0.5)
            return cut(request)
        body = read_body(request)
        if fault and kind in ("delay", "stall"):
            time.sleep(fault.delay)
        if fault and kind in ("stall", "cut_before"):
            return cut(request)
        if fault and kind == "status":
            page = b"<html>fallo inyectado</html>"
            return answer(request, fault.status, [("Content-Type", "text/html")], page)
        return self.relay(request, body, drop=kind == "cut_after")
