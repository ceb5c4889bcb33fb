"""Detached processes, pid files, log tails and checked commands."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from datamuni.errors import StackError
from datamuni.stack.processes import (
    pid_alive,
    read_pid,
    run_checked,
    spawn_detached,
    stop_pid,
    tail_log,
)
from datamuni.stack.services import wait_until


def test_tail_log_returns_last_lines_or_empty(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    assert tail_log(log) == ""
    log.write_text("".join(f"{n}\n" for n in range(50)), encoding="utf-8")
    assert tail_log(log, lines=3) == "47\n48\n49"


def test_read_pid_tolerates_missing_and_garbage(tmp_path: Path) -> None:
    pid_file = tmp_path / "x.pid"
    assert read_pid(pid_file) is None
    pid_file.write_text("no-es-un-pid", encoding="utf-8")
    assert read_pid(pid_file) is None
    pid_file.write_text("1234\n", encoding="utf-8")
    assert read_pid(pid_file) == 1234


def test_spawned_process_is_detached_alive_and_stoppable(tmp_path: Path) -> None:
    log, pid_file = tmp_path / "s.log", tmp_path / "s.pid"
    pid = spawn_detached(
        [sys.executable, "-c", "import time; print('hola', flush=True); time.sleep(60)"],
        log_file=log,
        pid_file=pid_file,
    )
    assert read_pid(pid_file) == pid
    wait_until(
        "prueba", lambda: "hola" in tail_log(log), pid_file=pid_file, log_file=log, timeout=10
    )
    assert pid_alive(pid)
    assert stop_pid(pid, timeout=5)
    assert not pid_alive(pid)
    assert not stop_pid(pid)


def test_wait_until_reports_a_dead_process_with_its_log(tmp_path: Path) -> None:
    log, pid_file = tmp_path / "d.log", tmp_path / "d.pid"
    spawn_detached(
        [sys.executable, "-c", "import sys; print('Falta la configuración X'); sys.exit(3)"],
        log_file=log,
        pid_file=pid_file,
    )
    started = time.monotonic()
    with pytest.raises(StackError) as caught:
        wait_until("ckan", lambda: False, pid_file=pid_file, log_file=log, timeout=30)
    assert time.monotonic() - started < 10
    assert "Servicio `ckan`: el proceso terminó durante el arranque." in str(caught.value)
    assert "Falta la configuración X" in caught.value.log_tail


def test_wait_until_times_out_with_the_log_tail(tmp_path: Path) -> None:
    log = tmp_path / "t.log"
    log.write_text("esperando al núcleo\n", encoding="utf-8")
    with pytest.raises(StackError) as caught:
        wait_until("solr", lambda: False, pid_file=None, log_file=log, timeout=1)
    assert "no respondió a tiempo" in str(caught.value)
    assert "esperando al núcleo" in str(caught.value)


def test_run_checked_failure_carries_output_tail(tmp_path: Path) -> None:
    log = tmp_path / "setup.log"
    script = "import sys; print('paso 1'); print('no hay red', file=sys.stderr); sys.exit(7)"
    with pytest.raises(StackError) as caught:
        run_checked("solr", [sys.executable, "-c", script], log_file=log, what="descarga")
    message = str(caught.value)
    assert "Servicio `solr`: descarga falló (código 7)." in message
    assert "no hay red" in message
    assert "no hay red" in log.read_text(encoding="utf-8")


def test_run_checked_missing_program_is_a_stack_error(tmp_path: Path) -> None:
    with pytest.raises(StackError, match="no se encontró el programa `no-existe-xyz`"):
        run_checked("sistema", ["no-existe-xyz"], log_file=tmp_path / "l.log", what="probar")
