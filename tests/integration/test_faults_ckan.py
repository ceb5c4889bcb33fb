"""CKAN faults through the whole pipeline (a proxy in front of the real CKAN injects them).

Already covered by `test_publish_faults.py` (reused, not duplicated): 500 then cut before the
switch, answer lost after CKAN applied (`cut_after` + 503 on `package_show`), new dataset
invisible until the switch. Here: 502/503 retried, timeouts (once and always), connection
closed in the middle of the upload — each through `run_dataset`, with the progress store.
"""

from __future__ import annotations

import pytest

from datamuni.progress import Outcome
from tests.integration.faultproxy import Fault, FaultProxy
from tests.integration.faults_support import (  # noqa: F401 (fixture)
    FaultWorld,
    assert_rows_conserved,
    names_in,
    world_fixture,
)

pytestmark = pytest.mark.integration
FIRST = [f"Ana{i}" for i in range(12)]
SECOND = [f"Berta{i}" for i in range(12)] + ["bad"]


def _publish_first(world: FaultWorld) -> bytes:
    record = world.run(world.source(FIRST))
    assert record.recorded == Outcome.PUBLICADO, record.error
    _, content = world.published()
    assert sorted(names_in(content)) == sorted(FIRST)
    return content


def _assert_previous_intact(world: FaultWorld, content: bytes, modified: str) -> None:
    shown, now = world.published()
    assert now == content
    assert shown["metadata_modified"] == modified


def _rerun_completes(world: FaultWorld) -> None:
    source = world.source(SECOND)
    record = world.run(source)
    assert record.recorded == Outcome.EN_CUARENTENA, record.error
    assert_rows_conserved(record, source)
    _, content = world.published()
    assert sorted(names_in(content)) == sorted(n for n in SECOND if n != "bad")
    assert world.last_recorded().outcome == Outcome.EN_CUARENTENA
    again = world.run(source)  # unchanged: zero writes, still one resource
    assert again.result is not None and again.result.publish is not None
    assert again.result.publish.writes == 0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_and_the_run_completes(world: FaultWorld, status: int) -> None:
    _publish_first(world)
    source = world.source(SECOND)
    with FaultProxy(world.settings.ckan_url) as proxy:
        proxy.add(Fault("package_show", "status", times=1, status=status))
        proxy.add(Fault("package_revise", "status", times=1, status=status))
        record = world.run(source, ckan_url=proxy.url)
        assert proxy.injected == [("package_show", "status"), ("package_revise", "status")]
    assert record.recorded == Outcome.EN_CUARENTENA, record.error
    assert_rows_conserved(record, source)
    _, content = world.published()
    assert sorted(names_in(content)) == sorted(n for n in SECOND if n != "bad")


def test_5xx_every_time_fails_clearly_and_keeps_the_previous_version(world: FaultWorld) -> None:
    content = _publish_first(world)
    modified = world.ckan("package_show", id=world.dataset)["metadata_modified"]
    with FaultProxy(world.settings.ckan_url) as proxy:
        proxy.add(Fault("package_revise", "status", times=-1, status=502))
        record = world.run(world.source(SECOND), ckan_url=proxy.url)
    assert record.error is not None and record.recorded == Outcome.FALLIDO
    assert "no respondió a `package_revise`" in str(record.error)
    assert "respuesta HTTP 502" in str(record.error)
    assert world.last_recorded().outcome == Outcome.FALLIDO  # never "publicado"
    _assert_previous_intact(world, content, modified)
    _rerun_completes(world)


def test_timeout_once_is_retried_without_duplicates(world: FaultWorld) -> None:
    """CKAN applies the revise after the client gave up; the retry must not duplicate it."""
    _publish_first(world)
    source = world.source(SECOND)
    with FaultProxy(world.settings.ckan_url) as proxy:
        proxy.add(Fault("package_revise", "delay", times=1, delay=6))
        record = world.run(source, ckan_url=proxy.url, ckan_timeout_seconds=3)
        assert ("package_revise", "delay") in proxy.injected
    assert record.recorded == Outcome.EN_CUARENTENA, record.error
    assert_rows_conserved(record, source)
    _, content = world.published()
    assert sorted(names_in(content)) == sorted(n for n in SECOND if n != "bad")


def test_timeout_every_time_fails_clearly_and_keeps_the_previous_version(
    world: FaultWorld,
) -> None:
    content = _publish_first(world)
    modified = world.ckan("package_show", id=world.dataset)["metadata_modified"]
    with FaultProxy(world.settings.ckan_url) as proxy:
        proxy.add(Fault("package_revise", "stall", times=-1, delay=4))
        record = world.run(world.source(SECOND), ckan_url=proxy.url, ckan_timeout_seconds=2,
                           ckan_retries=2)  # fmt: skip
        assert proxy.injected.count(("package_revise", "stall")) == 2
    assert record.error is not None and record.recorded == Outcome.FALLIDO
    assert "sin conexión (ReadTimeout)" in str(record.error) or "Timeout" in str(record.error)
    _assert_previous_intact(world, content, modified)
    _rerun_completes(world)


def test_connection_closed_mid_upload_keeps_the_previous_version(world: FaultWorld) -> None:
    content = _publish_first(world)
    modified = world.ckan("package_show", id=world.dataset)["metadata_modified"]
    with FaultProxy(world.settings.ckan_url) as proxy:
        proxy.add(Fault("package_revise", "cut_mid", times=-1))
        record = world.run(world.source(SECOND), ckan_url=proxy.url)
        assert proxy.injected.count(("package_revise", "cut_mid")) == 3  # every retry cut
    assert record.error is not None and record.recorded == Outcome.FALLIDO
    assert "no respondió a `package_revise`" in str(record.error)
    _assert_previous_intact(world, content, modified)
    _rerun_completes(world)


def test_connection_closed_mid_upload_once_is_retried(world: FaultWorld) -> None:
    _publish_first(world)
    source = world.source(SECOND)
    with FaultProxy(world.settings.ckan_url) as proxy:
        proxy.add(Fault("package_revise", "cut_mid", times=1))
        record = world.run(source, ckan_url=proxy.url)
    assert record.recorded == Outcome.EN_CUARENTENA, record.error
    assert_rows_conserved(record, source)
