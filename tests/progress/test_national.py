"""The national view and its renderings: Markdown, CSV, PNG."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from datamuni.errors import ProgressError
from datamuni.progress import (
    Event,
    Municipality,
    Outcome,
    ProgressStore,
    Stage,
    export_progress_csv,
    national_view,
    render_chart,
    render_markdown,
)

TODAY = date(2025, 9, 20)
ON_TIME = datetime(2025, 9, 10, 12, tzinfo=UTC)


def publish(store: ProgressStore, cut: str, period: str = "2025-08") -> None:
    """Record adhesion and one published run."""
    store.record_event(Event.stage_reached(cut, Stage.ADHESION, occurred_at=ON_TIME))
    store.record_event(
        Event.dataset_run(
            cut,
            "remuneraciones",
            period,
            Outcome.PUBLICADO,
            run_id=f"r-{cut}",
            counts={"filas": 10},
            occurred_at=ON_TIME,
        )
    )


@pytest.fixture
def filled(store: ProgressStore) -> ProgressStore:
    """Valparaíso and Viña al día, Santiago overdue, Iquique adhered, a stray CUT."""
    publish(store, "05101")
    publish(store, "05109")
    publish(store, "13101", period="2025-07")
    store.record_event(Event.stage_reached("01101", Stage.ADHESION, occurred_at=ON_TIME))
    store.record_event(Event.stage_reached("99999", Stage.ADHESION, occurred_at=ON_TIME))
    return store


def test_counts_by_stage_and_region(
    filled: ProgressStore, municipalities: list[Municipality]
) -> None:
    view = national_view(filled, TODAY, municipalities)
    assert view.total == 345 and view.target == 69
    assert view.stage_counts[Stage.ADHESION] == 4
    assert view.stage_counts[Stage.PUBLICADO] == 3
    assert view.stage_counts[Stage.AL_DIA] == 2
    assert view.covered == 3
    assert [row.municipality.cut for row in view.overdue] == ["13101"]
    assert view.unknown_cuts == ("99999",)
    assert len(view.regions) == 16
    valparaiso = next(region for region in view.regions if region.region_code == "05")
    assert valparaiso.stage_counts[Stage.PUBLICADO] == 2 and valparaiso.overdue == 0
    assert sum(region.municipalities for region in view.regions) == 345


def test_region_filter(filled: ProgressStore, municipalities: list[Municipality]) -> None:
    view = national_view(filled, TODAY, municipalities, region="05")
    assert view.total == 38 and view.target == 8
    assert view.stage_counts[Stage.AL_DIA] == 2
    with pytest.raises(ProgressError, match="Región `99`"):
        national_view(filled, TODAY, municipalities, region="99")


def test_markdown_has_coverage_stages_and_overdue(
    filled: ProgressStore, municipalities: list[Municipality]
) -> None:
    text = render_markdown(national_view(filled, TODAY, municipalities))
    assert "3 de 345 municipalidades" in text and "meta 20 % = 69" in text
    assert "| Primer conjunto publicado | 3 | 0,9 % |" in text
    assert "| 13101 | Santiago | 13 | remuneraciones | 2025-07 |" in text
    assert "Periodo exigible: 2025-08 (plazo: 2025-09-12)" in text


def test_csv_export_one_row_per_municipality(
    filled: ProgressStore, municipalities: list[Municipality], tmp_path: Path
) -> None:
    path = export_progress_csv(national_view(filled, TODAY, municipalities), tmp_path / "a.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 345
    santiago = next(row for row in rows if row["cut"] == "13101")
    assert santiago["primer_conjunto_publicado"] == "si"
    assert santiago["actualizacion_al_dia"] == "no"
    assert santiago["tipos_atrasados"] == "remuneraciones"
    assert santiago["ultima_ejecucion_resultado"] == "publicado"
    assert santiago["ultima_ejecucion_fecha"] == "2025-09-10"


def test_chart_is_a_png(
    filled: ProgressStore, municipalities: list[Municipality], tmp_path: Path
) -> None:
    view = national_view(filled, TODAY, municipalities)
    first = render_chart(view, tmp_path / "a.png").read_bytes()
    assert first.startswith(b"\x89PNG\r\n\x1a\n") and len(first) > 10_000
    assert render_chart(view, tmp_path / "b.png").read_bytes() == first
