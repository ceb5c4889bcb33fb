"""Loopback port checks, and who holds a port (from /proc), for clear 'port taken' messages."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

HOST = "127.0.0.1"


def port_open(port: int, host: str = HOST, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        return sock.connect_ex((host, port)) == 0


def listening_inodes(port: int, proc_net: Path = Path("/proc/net")) -> set[str]:
    """Socket inodes listening on `port` (any address), read from /proc/net/tcp{,6}."""
    inodes: set[str] = set()
    for name in ("tcp", "tcp6"):
        table = proc_net / name
        if not table.is_file():
            continue
        for line in table.read_text(encoding="ascii").splitlines()[1:]:
            fields = line.split()
            if len(fields) < 10:
                continue
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def port_owner(port: int) -> tuple[int, str] | None:
    """The (pid, command line) of the process listening on `port`, when visible."""
    inodes = listening_inodes(port)
    if not inodes:
        return None
    targets = {f"socket:[{inode}]" for inode in inodes}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) in targets:
                    raw = (entry / "cmdline").read_bytes()
                    return int(entry.name), raw.replace(b"\0", b" ").decode(
                        errors="replace"
                    ).strip()
    return None


def describe_port_owner(port: int) -> str:
    """Spanish phrase naming who holds `port` (for error messages)."""
    owner = port_owner(port)
    if owner is None:
        return f"el puerto {port} ya está ocupado por otro proceso"
    pid, command = owner
    return f"el puerto {port} ya está ocupado por otro proceso (pid {pid}: `{command[:120]}`)"
