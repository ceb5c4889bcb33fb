"""Pure mapping of the national progress dataset: metadata, dictionary, plan, determinism."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from datamuni.progress import (
    Event,
    Municipality,
    Outcome,
    ProgressStore,
    Stage,
    export_progress_csv,
    national_view,
    render_chart,
)
from datamuni.progress.render import CSV_COLUMNS
from datamuni.publishing import mapping
from datamuni.publishing import progress_mapping as pm
from datamuni.publishing.plan import CREATED, UNCHANGED, UPDATED
from datamuni.publishing.revise import revise_request

TODAY = date(2026, 5, 20)
CSV_TEXT = (
    ",".join(CSV_COLUMNS) + "\n"
    "2026-05-20,05101,Valparaíso,05,Valparaíso,Actualización al día,"
    "si,si,si,si,si,si,si,1,2026-04,,2026-05-04,publicado\n"
    "2026-05-20,05109,Viña del Mar,05,Valparaíso,Adhesión,"
    "si,no,no,no,no,no,no,0,,,,\n"
)
SUMMARY = pm.summarize_progress_csv(CSV_TEXT)
PLACES = [
    Municipality("05101", "Valparaíso", "05", "Valparaíso"),
    Municipality("05109", "Viña del Mar", "05", "Valparaíso"),
    Municipality("13101", "Santiago", "13", "Metropolitana de Santiago"),
]


def files(csv_sha: str = "a" * 64) -> dict[str, tuple[Path, str]]:
    return {
        mapping.ROLE_DATA: (Path("avance.csv"), csv_sha),
        mapping.ROLE_DICTIONARY: (Path("avance-diccionario.csv"), "b" * 64),
        pm.ROLE_CHART: (Path("avance.png"), "c" * 64),
    }


def as_ckan(update: dict[str, Any], resources: list[dict[str, Any]]) -> dict[str, Any]:
    """What package_show returns after the plan was applied."""
    shown = dict(update, id="pkg-1", metadata_modified="2026-05-20T00:00:00.000001")
    shown["organization"] = {"name": shown.pop("owner_org")}
    shown["resources"] = resources
    return shown


def published(csv_sha: str = "a" * 64) -> dict[str, Any]:
    plan = pm.plan_progress(None, files(csv_sha), "CC-BY-4.0", TODAY, SUMMARY)
    resources = [dict(s.fields, id=f"res-{i}", url_type="upload") for i, s in enumerate(plan.steps)]
    return as_ckan(plan.dataset_update, resources)


def test_summary_counts_published_and_up_to_date_and_the_target() -> None:
    assert (SUMMARY.total, SUMMARY.published, SUMMARY.up_to_date) == (2, 1, 1)
    assert pm.ProgressSummary(345, 0, 0).target == 69


def test_dataset_fields_are_spanish_open_and_owned_by_cplt() -> None:
    fields = pm.dataset_fields("CC-BY-4.0", TODAY, SUMMARY)
    assert fields["name"] == "avance-mgtm-datos-abiertos"
    assert fields["title"] == (
        "Avance municipal en la herramienta de Publicación de Datos Abiertos (MGTM 2.0)"
    )
    assert fields["owner_org"] == "consejo-para-la-transparencia"
    assert fields["license_id"] == "cc-by" and fields["private"] is False
    assert {"transparencia", "mgtm", "municipalidades"} <= {t["name"] for t in fields["tags"]}
    extras = {e["key"]: e["value"] for e in fields["extras"]}
    assert extras["frecuencia"] == "Mensual" and extras["fecha_corte"] == "2026-05-20"
    notes = fields["notes"]
    assert "Fecha de corte: 2026-05-20" in notes and "1 de 2 municipalidades" in notes
    assert "Contraparte designada" in notes and "Actualización al día" in notes
    assert "docs/etapas-mgtm.md" in notes and "No contiene datos personales" in notes


def test_organization_is_the_consejo_para_la_transparencia() -> None:
    org = pm.organization_dict()
    assert (org["name"], org["title"]) == (
        "consejo-para-la-transparencia",
        "Consejo para la Transparencia",
    )


def test_dictionary_describes_every_csv_column_in_order() -> None:
    rows = list(csv.reader(io.StringIO(pm.dictionary_csv().decode("utf-8"))))
    assert rows[0] == ["campo", "tipo", "descripcion"]
    assert [row[0] for row in rows[1:]] == CSV_COLUMNS
    assert all(row[2] for row in rows[1:])
    assert pm.dictionary_csv() == pm.dictionary_csv()


def test_first_plan_creates_the_dataset_and_three_resources() -> None:
    plan = pm.plan_progress(None, files(), "CC-BY-4.0", TODAY, SUMMARY)
    assert plan.dataset_action == CREATED and plan.action == CREATED
    assert [s.role for s in plan.steps] == ["datos", "diccionario", "grafico"]
    assert all(s.action == CREATED and s.file is not None for s in plan.steps)
    assert plan.steps[0].fields["hash"] == "sha256:" + "a" * 64


def test_same_bytes_plan_nothing() -> None:
    plan = pm.plan_progress(published(), files(), "CC-BY-4.0", TODAY, SUMMARY)
    assert not plan.changed and plan.action == UNCHANGED


def test_foreign_extras_are_kept_and_do_not_cause_writes() -> None:
    current = published()
    current["extras"] = [*current["extras"], {"key": "otra", "value": "x"}]
    assert not pm.plan_progress(current, files(), "CC-BY-4.0", TODAY, SUMMARY).changed


def test_new_csv_updates_the_same_resource_in_one_revise() -> None:
    current = published()
    later = date(2026, 5, 21)
    plan = pm.plan_progress(current, files("d" * 64), "CC-BY-4.0", later, SUMMARY)
    data, uploads = revise_request(plan, current)
    assert plan.action == UPDATED
    assert [(s.role, s.action) for s in plan.steps] == [
        ("datos", UPDATED),
        ("diccionario", UNCHANGED),
        ("grafico", UPDATED),  # its description carries the cut-off date
    ]
    assert "update__resources__extend" not in data
    assert set(uploads) == {"update__resources__res-0__upload"}
    assert json.loads(data["match"])["id"] == "pkg-1"
    assert "notes" in json.loads(data["update"])


def test_the_csv_and_the_chart_are_deterministic_for_the_same_store_and_date(
    tmp_path: Path,
) -> None:
    with ProgressStore(f"sqlite:///{tmp_path / 'p.sqlite'}") as store:
        store.record_event(
            Event.stage_reached(
                "05101", Stage.ADHESION, occurred_at=datetime(2026, 3, 2, 12, tzinfo=UTC)
            )
        )
        store.record_event(
            Event.dataset_run(
                "05101",
                "remuneraciones",
                "2026-04",
                Outcome.PUBLICADO,
                run_id="r1",
                occurred_at=datetime(2026, 5, 4, 15, tzinfo=UTC),
            )
        )
        first = national_view(store, TODAY, PLACES)
        second = national_view(store, TODAY, PLACES)
    a = export_progress_csv(first, tmp_path / "a.csv").read_bytes()
    b = export_progress_csv(second, tmp_path / "b.csv").read_bytes()
    assert a == b and b"05101" in a
    assert render_chart(first, tmp_path / "a.png").read_bytes() == (
        render_chart(second, tmp_path / "b.png").read_bytes()
    )
    summary = pm.summarize_progress_csv(a.decode("utf-8"))
    assert (summary.total, summary.published) == (3, 1)
