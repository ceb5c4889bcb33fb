"""A wrong (canary) token against the real CKAN: refused in Spanish, recorded as failed, and the
token appears nowhere — not in the error, the logs, the run folder or the package."""

from __future__ import annotations

import logging
import traceback

import pytest
from pydantic import SecretStr

from datamuni.progress import Outcome
from tests.integration.faults_support import FaultWorld, world_fixture  # noqa: F401 (fixture)

pytestmark = pytest.mark.integration
CANARY = "canario-token-integracion-5f1e2d3c4b5a6978"


def test_foreign_or_wrong_token_is_refused_without_leaking_it(
    world: FaultWorld, caplog: pytest.LogCaptureFixture
) -> None:
    first = world.run(world.source([f"Ana{i}" for i in range(12)]))
    assert first.recorded == Outcome.PUBLICADO, first.error
    before, content = world.published()
    world.token = SecretStr(CANARY)
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    record = world.run(world.source([f"Intruso{i}" for i in range(12)]))
    assert record.error is not None and record.recorded == Outcome.FALLIDO
    text = "".join(traceback.format_exception(record.error))
    assert "CKAN" in str(record.error)
    assert CANARY not in text and CANARY not in caplog.text
    files = [p for p in world.tmp.rglob("*") if p.is_file()]
    assert files and not any(CANARY.encode() in p.read_bytes() for p in files)
    after, now = world.published()
    assert now == content and after["metadata_modified"] == before["metadata_modified"]
