"""Prefect server (SQLite) on 127.0.0.1:4200, the `datamuni-procesos` pool and a process worker."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx

from datamuni.stack.processes import read_pid, run_checked, spawn_detached, stop_pid
from datamuni.stack.services import (
    ServiceStatus,
    StackPaths,
    ensure_port_free,
    http_ok,
    owned_and_alive,
    wait_until,
)

SERVICE = "prefect"
WORKER = "prefect-worker"
PORT = 4200
API_URL = f"http://127.0.0.1:{PORT}/api"
WORK_POOL = "datamuni-procesos"
WORKER_NAME = "datamuni-worker-1"


def prefect_env(paths: StackPaths) -> dict[str, str]:
    """Environment of every Prefect process of the stack (own home, analytics off)."""
    return {
        "PREFECT_HOME": str(paths.service_dir(SERVICE)),
        "PREFECT_API_URL": API_URL,
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(PORT),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


def prefect_executable() -> Path:
    """The `prefect` command of datamuni's own virtual environment."""
    return Path(sys.executable).parent / "prefect"


def server_answers() -> bool:
    """True when the server's health endpoint answers."""
    return http_ok(f"{API_URL}/health") is not None


def worker_online() -> bool:
    """True when our worker has sent a heartbeat to the pool."""
    try:
        response = httpx.post(
            f"{API_URL}/work_pools/{WORK_POOL}/workers/filter", json={}, timeout=3
        )
    except httpx.HTTPError:
        return False
    return response.is_success and any(
        worker.get("name") == WORKER_NAME and worker.get("status") == "ONLINE"
        for worker in response.json()
    )


def ensure_server(paths: StackPaths) -> None:
    """Start `prefect server start` unless our server already answers."""
    log, pid_file = paths.log(SERVICE), paths.pid(SERVICE)
    if owned_and_alive(paths, SERVICE) and server_answers():
        return
    stop_pid(read_pid(pid_file))
    ensure_port_free(SERVICE, PORT, log)
    argv = [
        str(prefect_executable()),
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(PORT),
    ]
    env = prefect_env(paths)
    spawn_detached(argv, log_file=log, pid_file=pid_file, env=env, cwd=paths.project)
    wait_until(SERVICE, server_answers, pid_file=pid_file, log_file=log, timeout=120)


def ensure_work_pool_and_worker(paths: StackPaths) -> None:
    """Create the process work pool once and keep one process worker running on it."""
    if http_ok(f"{API_URL}/work_pools/{WORK_POOL}") is None:
        argv = [str(prefect_executable()), "work-pool", "create", WORK_POOL, "--type", "process"]
        run_checked(
            SERVICE, argv, log_file=paths.log(SERVICE), what="crear el pool", env=prefect_env(paths)
        )
    log, pid_file = paths.log(WORKER), paths.pid(WORKER)
    if owned_and_alive(paths, WORKER):
        return
    argv = [
        str(prefect_executable()), "worker", "start", "--pool", WORK_POOL, "--type", "process",
        "--name", WORKER_NAME,
    ]  # fmt: skip
    env = prefect_env(paths)
    spawn_detached(argv, log_file=log, pid_file=pid_file, env=env, cwd=paths.project)
    wait_until(WORKER, worker_online, pid_file=pid_file, log_file=log, timeout=90)


def ensure_prefect(paths: StackPaths) -> None:
    """Server, work pool and worker."""
    ensure_server(paths)
    ensure_work_pool_and_worker(paths)


def prefect_status(paths: StackPaths) -> list[ServiceStatus]:
    """Status lines of the server and of the worker."""
    version = http_ok(f"{API_URL}/admin/version")
    if version is None:
        server = ServiceStatus(SERVICE, False, "", API_URL, "no responde")
    else:
        server = ServiceStatus(SERVICE, True, str(version.json()), API_URL)
    alive = owned_and_alive(paths, WORKER)
    detail = f"pool `{WORK_POOL}`" if alive else f"sin worker en el pool `{WORK_POOL}`"
    worker = ServiceStatus(WORKER, alive, server.version, f"{API_URL} ({WORK_POOL})", detail)
    return [server, worker]


def stop_prefect(paths: StackPaths) -> list[str]:
    """Stop the worker and then the server; names of what was stopped."""
    stopped = []
    if stop_pid(read_pid(paths.pid(WORKER))):
        stopped.append(WORKER)
    if stop_pid(read_pid(paths.pid(SERVICE)), timeout=30):
        stopped.append(SERVICE)
    return stopped
