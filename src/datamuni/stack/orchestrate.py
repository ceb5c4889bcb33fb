"""The whole stack in order: ensure (idempotent), status, stop; the Python API tests use."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pydantic import SecretStr

from datamuni.errors import DatamuniError, StackError
from datamuni.settings import Settings
from datamuni.stack import ckan, postgres, prefect_server, redis, solr
from datamuni.stack.ckan_install import ckan_schema, ensure_ckan_installed
from datamuni.stack.processes import tail_log
from datamuni.stack.services import ServiceStatus, StackPaths
from datamuni.stack.system import install_debian_packages

Report = Callable[[str], None]


@dataclass(frozen=True)
class StackInfo:
    """What a client of the running stack needs: URLs and the sysadmin token."""

    ckan_url: str
    ckan_token: SecretStr
    prefect_api_url: str
    solr_url: str
    token_file: str


def _quiet(_: str) -> None:
    """Default progress reporter: say nothing."""


@contextlib.contextmanager
def _step(paths: StackPaths, service: str, report: Report, label: str) -> Iterator[None]:
    """Report a step and turn any unexpected error into a StackError naming the service."""
    report(label)
    try:
        yield
    except DatamuniError:
        raise
    except Exception as error:
        raise StackError(
            service,
            f"error inesperado: {type(error).__name__}: {error}",
            hint=f"Revise el registro `{paths.log(service)}`.",
            log_tail=tail_log(paths.log(service)),
        ) from error


@contextlib.contextmanager
def _stack_lock(paths: StackPaths) -> Iterator[None]:
    """One `levantar` or `detener` at a time on this checkout (several users share it)."""
    paths.state.mkdir(parents=True, exist_ok=True)
    with (paths.state / "stack.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_stack(settings: Settings, report: Report = _quiet) -> StackInfo:
    """Install what is missing, start every service that is down, and return how to reach them."""
    paths = StackPaths.from_settings(settings)
    with _stack_lock(paths):
        with _step(paths, "sistema", report, "Paquetes de Debian"):
            install_debian_packages(paths.log("sistema"))
        with _step(paths, postgres.SERVICE, report, "PostgreSQL"):
            postgres.ensure_postgres(paths)
        with _step(paths, redis.SERVICE, report, "Redis"):
            redis.ensure_redis(paths)
        with _step(paths, "ckan", report, "CKAN: entorno virtual"):
            ensure_ckan_installed(paths)
        with _step(paths, solr.SERVICE, report, "Solr"):
            solr.ensure_solr(paths, ckan_schema(paths))
        with _step(paths, ckan.SERVICE, report, "CKAN"):
            token = ckan.ensure_ckan(paths)
        with _step(paths, prefect_server.SERVICE, report, "Prefect: servidor, pool y worker"):
            prefect_server.ensure_prefect(paths)
    return StackInfo(
        ckan_url=ckan.URL,
        ckan_token=SecretStr(token),
        prefect_api_url=prefect_server.API_URL,
        solr_url=solr.CORE_URL,
        token_file=str(ckan.token_file(paths)),
    )


def stack_status(settings: Settings) -> list[ServiceStatus]:
    """One status per service, in start order."""
    paths = StackPaths.from_settings(settings)
    return [
        postgres.postgres_status(paths),
        redis.redis_status(paths),
        solr.solr_status(paths),
        ckan.ckan_status(paths),
        *prefect_server.prefect_status(paths),
    ]


def stop_stack(settings: Settings, report: Report = _quiet) -> list[str]:
    """Stop what this stack started, in reverse order; names of what was stopped."""
    paths = StackPaths.from_settings(settings)
    stopped: list[str] = []
    with _stack_lock(paths):
        stopped += prefect_server.stop_prefect(paths)
        for name, stop in (
            (ckan.SERVICE, ckan.stop_ckan),
            (solr.SERVICE, solr.stop_solr),
            (redis.SERVICE, redis.stop_redis),
            (postgres.SERVICE, postgres.stop_postgres),
        ):
            report(name)
            with _step(paths, name, _quiet, name):
                if stop(paths):
                    stopped.append(name)
    return stopped
