"""The world of the fault tests: a private copy of the remuneraciones kind under a fresh name,
Valparaíso's editor token, a progress store, and helpers that run, record and check."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from datamuni import territory
from datamuni.errors import DatamuniError
from datamuni.pipeline import run_dataset
from datamuni.progress import Event, Outcome, ProgressStore
from datamuni.publishing.bootstrap import prepare_municipality
from datamuni.run_result import RunResult
from datamuni.settings import Settings
from datamuni.stack import StackInfo
from tests.hardening.hostile_support import HEADER, ROOT, csv_bytes, row

VALPARAISO = territory.comuna_by_code("05101")
GROUP = "personal-y-remuneraciones"


@dataclass
class RunRecord:
    """One run: its result or its error, and what the progress store was told."""

    result: RunResult | None
    error: DatamuniError | None
    recorded: Outcome


@dataclass
class FaultWorld:
    """Settings on a private project (fresh kind name), the editor token, the progress store."""

    settings: Settings
    kind: str
    token: SecretStr
    store: ProgressStore
    tmp: Path

    @property
    def dataset(self) -> str:
        """CKAN name of this world's dataset."""
        return f"{self.kind}-valparaiso"

    def source(self, names: list[str], file: str = "remuneraciones.csv") -> Path:
        """A remuneraciones file with one valid row per name (plus `bad` rows if named so)."""
        rows = [row(gross="no es número") if n == "bad" else row(n) for n in names]
        path = self.tmp / file
        path.write_bytes(csv_bytes(rows))
        return path

    def run(self, source: Path, ckan_url: str | None = None, **settings: Any) -> RunRecord:
        """Run and publish like the flow does, and record the outcome (`fallido` on error)."""
        chosen = self.settings.model_copy(update={"ckan_url": ckan_url or self.settings.ckan_url,
                                                  **settings})  # fmt: skip
        run_id = uuid.uuid4().hex
        try:
            result = run_dataset(chosen, source=source, kind=self.kind, municipality="05101",
                                 period="2026-10", token=self.token)  # fmt: skip
        except DatamuniError as error:
            self.store.record_event(Event.dataset_run("05101", self.kind, "2026-10",
                                                      Outcome.FALLIDO, run_id=run_id))  # fmt: skip
            return RunRecord(None, error, Outcome.FALLIDO)
        outcome = Outcome(result.outcome) if result.outcome in set(Outcome) else Outcome.BLOQUEADO
        self.store.record_event(Event.dataset_run("05101", self.kind, "2026-10", outcome,
                                                  run_id=run_id, counts=result.counts))  # fmt: skip
        return RunRecord(result, None, outcome)

    def ckan(self, action: str, **params: Any) -> Any:
        """Read CKAN directly and anonymously (what a citizen sees)."""
        answer = httpx.post(f"{self.settings.ckan_url}/api/3/action/{action}", json=params,
                            timeout=60)  # fmt: skip
        body = answer.json()
        assert body["success"], body
        return body["result"]

    def published(self) -> tuple[dict[str, Any], bytes]:
        """The dataset as citizens see it and the bytes of its single 2026-10 data resource."""
        shown = self.ckan("package_show", id=self.dataset)
        data = [r for r in shown["resources"] if r.get("datamuni_rol") == "datos"]
        assert [r["name"] for r in data] == ["2026-10"], "duplicated or missing resource"
        assert len({r["name"] for r in shown["resources"]}) == len(shown["resources"])
        download = httpx.get(data[0]["url"], follow_redirects=True, timeout=60)
        assert download.status_code == 200
        return shown, download.content

    def last_recorded(self) -> Event:
        """The last dataset event of this world's kind in the progress store."""
        events = [e for e in self.store.events("05101") if e.kind == self.kind]
        return events[-1]


def names_in(content: bytes) -> list[str]:
    """The `nombres` column of a published CSV."""
    return [r["nombres"] for r in csv.DictReader(io.StringIO(content.decode("utf-8")))]


def assert_rows_conserved(record: RunRecord, source: Path) -> None:
    """Every input row is published, quarantined or reported as not processed."""
    lines = [line for line in source.read_text(encoding="utf-8").splitlines()[1:] if line]
    assert record.result is not None
    result = record.result
    not_processed = result.rows_total - result.rows_valid - result.rows_quarantined
    assert result.rows_total == len(lines)
    assert result.rows_published + result.rows_quarantined + not_processed == len(lines)


@pytest.fixture(name="world")
def world_fixture(stack: StackInfo, tmp_path: Path) -> Iterator[FaultWorld]:
    """A fresh kind (copy of remuneraciones) so no other test or session sees this dataset."""
    kind = f"falla-{uuid.uuid4().hex[:8]}"
    project = tmp_path / "proyecto"
    for folder in ("schemas", "validators"):
        (project / folder).mkdir(parents=True)
        text = (ROOT / folder / "remuneraciones.yaml").read_text(encoding="utf-8")
        text = text.replace("name: remuneraciones", f"name: {kind}", 1)
        text = text.replace("suite: remuneraciones", f"suite: {kind}", 1)
        (project / folder / f"{kind}.yaml").write_text(text, encoding="utf-8")
    settings = Settings(project_dir=project, ckan_url=stack.ckan_url, ckan_retries=3,
                        ckan_timeout_seconds=20, runs_dir=tmp_path / "runs",
                        datapackages_dir=tmp_path / "dp", state_dir=tmp_path / "state",
                        progress_db_url=f"sqlite:///{tmp_path / 'progreso.sqlite'}")  # fmt: skip
    # The session's other Valparaíso tokens (publishing tests, deployments) must stay valid.
    token = prepare_municipality(
        settings, stack.ckan_token, VALPARAISO, [GROUP], revoke_previous=False
    ).token
    store = ProgressStore(settings.progress_url())
    try:
        yield FaultWorld(settings, kind, token, store, tmp_path)
    finally:
        store.close()


__all__ = [
    "HEADER",
    "FaultWorld",
    "RunRecord",
    "assert_rows_conserved",
    "names_in",
    "world_fixture",
]
