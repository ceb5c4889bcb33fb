"""A work pool of a test's own, with `publicar-conjunto` deployed on it, and its workers.

The stack's worker serves `datamuni-procesos`; tests that kill or count workers need a pool no
other worker takes runs from.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefect import Flow

PROJECT = Path(__file__).resolve().parents[2]
PREFECT = str(PROJECT / ".venv/bin/prefect")


@contextmanager
def deployed_pool(name: str, env: dict[str, str]) -> Iterator[str]:
    """Create process pool `name`, deploy `publicar-conjunto/<name>` on it; delete it after."""
    subprocess.run(
        [PREFECT, "work-pool", "create", name, "--type", "process"],
        env=env,
        check=True,
        capture_output=True,
    )
    try:
        flow: Flow[Any, Any] = Flow.from_source(  # type: ignore[assignment]
            source=str(PROJECT), entrypoint="flows/publicar.py:publicar_conjunto"
        )
        flow.deploy(  # type: ignore[call-overload,unused-ignore]
            name=name, work_pool_name=name, build=False, push=False, print_next_steps=False
        )
        yield name
    finally:
        subprocess.run(
            [PREFECT, "work-pool", "delete", name],
            env=env,
            input="y\n",
            capture_output=True,
            text=True,
        )


def start_worker(
    pool: str, name: str, env: dict[str, str], log: Path, *extra: str
) -> subprocess.Popen[bytes]:
    """A process worker in its own process group (killed together with the flows it runs)."""
    command = [PREFECT, "worker", "start", "--pool", pool, "--type", "process", "--name", name]
    return subprocess.Popen(
        [*command, *extra],
        cwd=PROJECT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Stop a worker (and its flows) if it still runs."""
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
