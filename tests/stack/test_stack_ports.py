"""Port checks and port-owner messages."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from datamuni.errors import StackError
from datamuni.stack.ports import describe_port_owner, listening_inodes, port_open, port_owner
from datamuni.stack.services import ensure_port_free


@pytest.fixture
def listener() -> Iterator[int]:
    """A socket listening on a free loopback port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield int(sock.getsockname()[1])


def free_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_port_open_sees_a_listener_and_not_a_free_port(listener: int) -> None:
    assert port_open(listener)
    assert not port_open(free_port())


def test_port_owner_names_this_process(listener: int) -> None:
    owner = port_owner(listener)
    assert owner is not None
    assert owner[0] == os.getpid()
    assert f"(pid {os.getpid()}:" in describe_port_owner(listener)


def test_listening_inodes_reads_only_listening_rows(tmp_path: Path) -> None:
    header = "  sl  local_address rem_address st tx_queue rx_queue tr tm->when uid inode\n"
    listening = (
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0 0 4242 1\n"
    )
    established = (
        "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  0 0 4343 1\n"
    )
    (tmp_path / "tcp").write_text(header + listening + established, encoding="ascii")
    assert listening_inodes(8080, proc_net=tmp_path) == {"4242"}
    assert listening_inodes(8081, proc_net=tmp_path) == set()


def test_ensure_port_free_names_service_port_and_log_tail(listener: int, tmp_path: Path) -> None:
    log = tmp_path / "solr.log"
    log.write_text("\n".join(f"línea {n}" for n in range(100)) + "\n", encoding="utf-8")
    with pytest.raises(StackError) as caught:
        ensure_port_free("solr", listener, log)
    message = str(caught.value)
    assert message.startswith("Servicio `solr`:")
    assert f"el puerto {listener} ya está ocupado" in message
    assert "línea 99" in message and "línea 50" not in message
    assert caught.value.service == "solr"


def test_ensure_port_free_accepts_a_free_port(tmp_path: Path) -> None:
    ensure_port_free("redis", free_port(), tmp_path / "redis.log")
