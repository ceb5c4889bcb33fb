"""Redis from Debian: one daemonized server on 127.0.0.1:6379 without persistence."""

from __future__ import annotations

import socket

from datamuni.stack.processes import pid_alive, read_pid, run_checked, stop_pid
from datamuni.stack.services import ServiceStatus, StackPaths, ensure_port_free, wait_until

SERVICE = "redis"
PORT = 6379


def redis_command(command: bytes, timeout: float = 1.0) -> bytes | None:
    """Send one inline command to the local Redis; its raw reply, or None if unreachable."""
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=timeout) as sock:
            sock.sendall(command + b"\r\n")
            reply = b""
            while b"\r\n" not in reply:
                chunk = sock.recv(65536)
                if not chunk:
                    return reply or None
                reply += chunk
            if reply.startswith(b"$"):
                header, _, body = reply.partition(b"\r\n")
                needed = max(0, int(header[1:])) + 2
                while len(body) < needed:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    body += chunk
                return body
            return reply
    except (OSError, ValueError):
        return None


def redis_version() -> str:
    """The server's redis_version from INFO, or '' when unreachable."""
    reply = redis_command(b"INFO server") or b""
    for line in reply.decode(errors="replace").splitlines():
        if line.startswith("redis_version:"):
            return line.split(":", 1)[1].strip()
    return ""


def ensure_redis(paths: StackPaths) -> None:
    """Start redis-server daemonized unless our own instance already answers PING."""
    pid_file, log = paths.pid(SERVICE), paths.log(SERVICE)
    if pid_alive(read_pid(pid_file)) and redis_command(b"PING") == b"+PONG\r\n":
        return
    ensure_port_free(SERVICE, PORT, log)
    log.parent.mkdir(parents=True, exist_ok=True)
    argv = [
        "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(PORT),
        "--save", "", "--appendonly", "no", "--dir", str(paths.service_dir(SERVICE)),
        "--pidfile", str(pid_file), "--logfile", str(log),
    ]  # fmt: skip
    run_checked(SERVICE, argv, log_file=log, what="redis-server")
    wait_until(
        SERVICE,
        lambda: redis_command(b"PING") == b"+PONG\r\n",
        pid_file=None,
        log_file=log,
        timeout=20,
    )


def redis_status(paths: StackPaths) -> ServiceStatus:
    """Whether Redis answers PING, with its version."""
    url = f"redis://127.0.0.1:{PORT}/0"
    if redis_command(b"PING") != b"+PONG\r\n":
        return ServiceStatus(SERVICE, False, "", url, "no responde a PING")
    return ServiceStatus(SERVICE, True, redis_version(), url)


def stop_redis(paths: StackPaths) -> bool:
    """Stop the Redis this stack started (its pid file)."""
    return stop_pid(read_pid(paths.pid(SERVICE)))
