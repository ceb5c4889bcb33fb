"""Shared pieces of every service: paths of the stack, status lines, waiting for readiness."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from datamuni.errors import StackError
from datamuni.settings import Settings
from datamuni.stack.ports import describe_port_owner, port_open
from datamuni.stack.processes import pid_alive, read_pid, tail_log

CKAN_VERSION = "2.12.0"
SOLR_VERSION = "9.10.1"


@dataclass(frozen=True)
class StackPaths:
    """Where the stack keeps its state (under `state_dir`) and its downloads (under `cache_dir`)."""

    project: Path
    state: Path
    cache: Path

    @classmethod
    def from_settings(cls, settings: Settings) -> StackPaths:
        """Build the paths from the one Settings object."""
        return cls(
            project=settings.project_dir.resolve(),
            state=settings.resolve(settings.state_dir).resolve(),
            cache=settings.cache_dir.expanduser().resolve(),
        )

    @property
    def templates(self) -> Path:
        """The committed configs and templates (`stack/` of the checkout)."""
        return self.project / "stack"

    def log(self, service: str) -> Path:
        """Log file of a service."""
        return self.state / "logs" / f"{service}.log"

    def pid(self, service: str) -> Path:
        """Pid file of a service."""
        return self.state / "logs" / f"{service}.pid"

    def service_dir(self, service: str) -> Path:
        """Data directory of a service, created on demand."""
        path = self.state / service
        path.mkdir(parents=True, exist_ok=True)
        return path


@dataclass(frozen=True)
class ServiceStatus:
    """One line of `estado`: a service, whether it answers, its version and URL."""

    name: str
    up: bool
    version: str
    url: str
    detail: str = ""


def http_ok(url: str, timeout: float = 2.0) -> httpx.Response | None:
    """GET `url`; the response when it is 2xx, None on any error."""
    try:
        response = httpx.get(url, timeout=timeout)
    except httpx.HTTPError:
        return None
    return response if response.is_success else None


def ensure_port_free(service: str, port: int, log_file: Path) -> None:
    """Fail with a clear message when a foreign process already listens on `port`."""
    if port_open(port):
        raise StackError(
            service,
            describe_port_owner(port) + ".",
            hint="Detenga ese proceso o libere el puerto, y vuelva a ejecutar "
            "`datamuni stack levantar`.",
            log_tail=tail_log(log_file),
        )


def wait_until(
    service: str,
    ready: Callable[[], bool],
    *,
    pid_file: Path | None,
    log_file: Path,
    timeout: float,
    what: str = "no respondió a tiempo",
) -> None:
    """Poll `ready` until true; StackError with the log tail if the process dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if pid_file is not None and not pid_alive(read_pid(pid_file)):
            time.sleep(0.5)
            if ready():
                return
            raise StackError(
                service,
                "el proceso terminó durante el arranque.",
                hint=f"Revise el registro `{log_file}`.",
                log_tail=tail_log(log_file),
            )
        time.sleep(0.5)
    raise StackError(
        service,
        f"{what} (esperé {timeout:.0f} s).",
        hint=f"Revise el registro `{log_file}`.",
        log_tail=tail_log(log_file),
    )


def owned_and_alive(paths: StackPaths, service: str) -> bool:
    """True when the pid file of `service` names a live process."""
    return pid_alive(read_pid(paths.pid(service)))
