"""Service faults on the real stack: Solr down, PostgreSQL restarted.

Outages are short (seconds) and always undone in a `finally`; the stack's lock is held while a
service is down so another session's `ensure_stack` waits instead of racing the restart.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from datamuni.progress import Outcome
from datamuni.stack import StackInfo, orchestrate, postgres, solr
from datamuni.stack.ckan_install import ckan_schema
from datamuni.stack.processes import run_checked
from datamuni.stack.services import StackPaths
from tests.integration.conftest import PROJECT_DIR
from tests.integration.faults_support import (  # noqa: F401 (fixture)
    FaultWorld,
    assert_rows_conserved,
    names_in,
    world_fixture,
)

pytestmark = pytest.mark.integration
FIRST = [f"Ana{i}" for i in range(12)]
SECOND = [f"Berta{i}" for i in range(12)] + ["bad"]


def _paths() -> StackPaths:
    from datamuni.settings import Settings

    return StackPaths.from_settings(Settings(project_dir=PROJECT_DIR))


@contextmanager
def solr_down(stack: StackInfo) -> Iterator[float]:
    """Stop the stack's Solr; restart it on exit, whatever happened. Yields the stop time."""
    paths = _paths()
    with orchestrate._stack_lock(paths):
        stopped = time.monotonic()
        try:
            assert solr.stop_solr(paths), "Solr was not started by this stack"
            yield stopped
        finally:
            solr.ensure_solr(paths, ckan_schema(paths))
    assert solr.solr_ready()


@contextmanager
def postgres_restarted_once() -> Iterator[None]:
    """Restart the PostgreSQL cluster (CKAN's connections break); make sure it is back."""
    paths = _paths()
    cluster = postgres.find_cluster()
    assert cluster is not None and cluster.online
    with orchestrate._stack_lock(paths):
        try:
            argv = ["pg_ctlcluster", cluster.version, cluster.name, "restart"]
            run_checked(postgres.SERVICE, argv, log_file=paths.log("postgres"), what="restart")
            yield
        finally:
            after = postgres.find_cluster()
            if after is None or not after.online:
                postgres.ensure_postgres(paths)


def _publish_then_fail_with_solr_down(
    stack: StackInfo, world: FaultWorld
) -> tuple[dict[str, Any], bytes, dict[str, Any], bytes, Path]:
    """Publish FIRST, then try SECOND with Solr stopped; what citizens saw before and during."""
    first = world.run(world.source(FIRST))
    assert first.recorded == Outcome.PUBLICADO, first.error
    before, content = world.published()
    source = world.source(SECOND)
    with solr_down(stack) as stopped:
        record = world.run(source, ckan_retries=2)
        during, still = world.published()  # reads need no index: still served
        outage = time.monotonic() - stopped
    assert outage < 30, f"Solr outage lasted {outage:.0f} s"
    assert record.error is not None and record.recorded == Outcome.FALLIDO
    assert "Solr" in str(record.error) or "no respondió" in str(record.error)
    assert world.last_recorded().outcome == Outcome.FALLIDO  # never "publicado"
    return before, content, during, still, source


def test_solr_down_fails_clearly_and_the_rerun_completes(
    stack: StackInfo, world: FaultWorld
) -> None:
    before, _, during, _, source = _publish_then_fail_with_solr_down(stack, world)
    assert during["metadata_modified"] == before["metadata_modified"]
    assert during["resources"] == before["resources"]
    rerun = world.run(source)
    assert rerun.recorded == Outcome.EN_CUARENTENA, rerun.error
    assert_rows_conserved(rerun, source)
    _, published = world.published()
    assert sorted(names_in(published)) == sorted(n for n in SECOND if n != "bad")
    found = world.ckan("package_search", q=f"name:{world.dataset}")
    assert found["count"] == 1  # indexed again once Solr is back


def test_solr_down_leaves_the_previous_file_downloadable(
    stack: StackInfo, world: FaultWorld
) -> None:
    _, content, _, still, _ = _publish_then_fail_with_solr_down(stack, world)
    assert still == content, "the previous file was overwritten by the failed publication"


def test_postgres_restart_is_survived_by_retries(world: FaultWorld) -> None:
    first = world.run(world.source(FIRST))
    assert first.recorded == Outcome.PUBLICADO, first.error
    source = world.source(SECOND)
    with postgres_restarted_once():
        record = world.run(source)
    assert record.recorded == Outcome.EN_CUARENTENA, record.error
    assert_rows_conserved(record, source)
    _, content = world.published()
    assert sorted(names_in(content)) == sorted(n for n in SECOND if n != "bad")
    again = world.run(source)
    assert again.result is not None and again.result.publish is not None
    assert again.result.publish.writes == 0


def test_stack_paths_point_at_this_checkout() -> None:
    assert _paths().state == Path(PROJECT_DIR) / ".stack"
