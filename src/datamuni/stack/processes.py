"""Detached service processes: spawn, pid files, liveness, stop, log tails, checked commands."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from datamuni.errors import StackError

LOG_TAIL_LINES = 20


def tail_log(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """Return the last `lines` lines of a log file ('' when it does not exist)."""
    if not path.is_file():
        return ""
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 64 * 1024))
        text = handle.read().decode("utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def read_pid(pid_file: Path) -> int | None:
    """Return the pid stored in `pid_file`, or None when absent or unreadable."""
    try:
        return int(pid_file.read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def pid_alive(pid: int | None) -> bool:
    """True when a process with this pid exists and is not a zombie."""
    if pid is None or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def spawn_detached(
    argv: Sequence[str],
    *,
    log_file: Path,
    pid_file: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> int:
    """Start `argv` in its own session (it outlives the CLI), output appended to `log_file`."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, **(env or {})}
    with log_file.open("ab") as log, open(os.devnull, "rb") as devnull:
        process = subprocess.Popen(
            list(argv),
            stdin=devnull,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=full_env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
    pid_file.write_text(f"{process.pid}\n", encoding="utf-8")
    return process.pid


def stop_pid(pid: int | None, timeout: float = 20.0) -> bool:
    """Stop a process group led by `pid` (TERM, then KILL); True if something was stopped."""
    if not pid_alive(pid):
        return False
    assert pid is not None
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            if not pid_alive(pid):
                return True
            time.sleep(0.2)
    return not pid_alive(pid)


def run_checked(
    service: str,
    argv: Sequence[str],
    *,
    log_file: Path,
    what: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    input_text: str | None = None,
    timeout: float = 1800.0,
) -> str:
    """Run a set-up command, log its output, return stdout; StackError with the tail on failure."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(
            list(argv),
            env={**os.environ, **(env or {})},
            cwd=cwd,
            input=input_text,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as error:
        raise StackError(service, f"{what}: no se encontró el programa `{argv[0]}`.") from error
    except subprocess.TimeoutExpired as error:
        raise StackError(service, f"{what}: no terminó en {timeout:.0f} s.") from error
    with log_file.open("a", encoding="utf-8") as log:
        log.write(f"$ {' '.join(argv)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-LOG_TAIL_LINES:])
        raise StackError(
            service,
            f"{what} falló (código {result.returncode}).",
            hint=f"Revise el registro completo en `{log_file}`.",
            log_tail=tail,
        )
    return result.stdout
