"""The national benchmark's world: deterministic sources that pass the pipeline, and its report."""

from __future__ import annotations

from pathlib import Path

from benchmarks.national import report
from benchmarks.national.proxy import is_write
from benchmarks.national.world import bench_settings, build_world
from datamuni.municipalities import load_all
from datamuni.pipeline import run_dataset


def test_sources_are_deterministic_and_configurations_valid(tmp_path: Path) -> None:
    first = build_world(tmp_path / "a", 2, 6)
    second = build_world(tmp_path / "b", 2, 6)
    assert len(first) == 2 * 9
    assert [j.source.read_bytes() for j in first] == [j.source.read_bytes() for j in second]
    configs = load_all(bench_settings(tmp_path / "a", "http://127.0.0.1:5999"))
    assert [c.cut for c in configs] == sorted({j.comuna.code for j in first})
    assert all(len(c.fuentes) == 9 for c in configs)
    assert first[0].dataset.startswith("nac-")


def test_every_kind_validates_without_quarantine(tmp_path: Path) -> None:
    jobs = build_world(tmp_path, 1, 8)
    settings = bench_settings(tmp_path, "http://127.0.0.1:5999", suite_engine="columnar")
    for job in jobs:
        result = run_dataset(
            settings,
            source=job.source,
            kind=job.kind,
            municipality=job.comuna.code,
            period=job.period,
            publish=False,
        )
        assert (result.outcome, result.rows_quarantined) == ("validado", 0), job.kind


def test_writes_are_told_apart_by_ckan_verbs() -> None:
    assert is_write("package_revise") and is_write("datastore_upsert")
    assert is_write("resource_patch") and is_write("dataset_purge")
    assert not is_write("package_show") and not is_write("datastore_search")


def test_report_states_the_bars_of_the_rerun() -> None:
    proxy = {
        "lecturas": 3105,
        "escrituras": 0,
        "lecturas_por_conjunto": 1.0,
        "escrituras_por_conjunto": 0.0,
        "lecturas_por_accion": {"package_show": 3105},
        "escrituras_por_accion": {},
    }
    phase = {
        "conjuntos": 3105,
        "procesos": 4,
        "segundos": 100.0,
        "conjuntos_por_segundo": 31.05,
        "resultados": {"sin cambios": 3105},
        "proxy": proxy,
    }
    results = {
        "fecha": "2026-11-26T00:00:00Z",
        "commit": "abc",
        "maquina": {"cpu": 2, "carga_inicio": 1.0, "carga_fin": 1.0},
        "municipios": 345,
        "tipos": 9,
        "conjuntos": 3105,
        "filas_por_archivo": 24,
        "suite": "columnar",
        "fases": {"repeticion": phase},
    }
    text = report.render(results)
    assert "| cero escrituras | 0 | sí |" in text
    assert "`package_show` 1 (3,105)" in text
    assert "| menos de 120 s (345 × 9) | 100.0 | sí |" in text
    slow = dict(results, fases={"repeticion": dict(phase, segundos=130.0)})
    assert "| menos de 120 s (345 × 9) | 130.0 | no |" in report.render(slow)
