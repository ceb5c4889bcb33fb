"""The benchmark harness on a tiny file: subprocess measurements, JSON, markdown, README markers."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import report, run


def test_harness_writes_results(tmp_path: Path) -> None:
    results = tmp_path / "results" / "latest.json"
    code = run.main(
        [
            "--rows", "1500",
            "--repetitions", "1",
            "--only", "floor,datamuni,datamuni_sin_suite",
            "--data-dir", str(tmp_path / "data"),
            "--differential-rows", "1500",
            "--results", str(results),
        ]
    )  # fmt: skip
    assert code == 0
    data = json.loads(results.read_text(encoding="utf-8"))
    lean = data["measurements"]["datamuni_sin_suite"]
    assert lean["rows"] == 1500 and lean["repetitions"] == 1
    assert lean["peak_rss_mb"] > 0 and lean["x_floor"] is not None
    assert lean["details"]["rows_quarantined"] >= 1
    full = data["measurements"]["datamuni"]
    assert full["details"]["rows_packaged"] == 1500 - full["details"]["rows_quarantined"]
    # GX was imported in the worker before the clock, and that CPU is left out of the figure
    assert full["details"]["worker_setup_cpu_seconds"] > 0.5
    assert data["differential"]["rows"] == 1500
    assert data["file"]["bad_rows_total"] == 2
    table = results.with_suffix(".md").read_text(encoding="utf-8")
    assert "| medición |" in table and "datamuni sin suite" in table


def test_readme_markers_are_replaced(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{report.README_BEGIN}\nviejo\n{report.README_END}\nfin\n")
    assert report.update_readme(readme, "| nuevo |\n")
    assert (
        readme.read_text() == f"intro\n{report.README_BEGIN}\n| nuevo |\n{report.README_END}\nfin\n"
    )
    missing = tmp_path / "otro.md"
    missing.write_text("sin marcadores\n")
    assert not report.update_readme(missing, "x")


def test_ratios_are_relative_to_the_same_run() -> None:
    summaries = {
        "floor": report.summarize("floor", [{"seconds": 1.0, "peak_rss_mb": 10}], 1000),
        "frictionless": report.summarize(
            "frictionless", [{"seconds": 10.0, "peak_rss_mb": 5}], 1000
        ),
        "datamuni": report.summarize("datamuni", [{"seconds": 2.0, "peak_rss_mb": 50}] * 3, 1000),
    }
    report.add_ratios(summaries)
    assert summaries["datamuni"]["x_frictionless"] == 5.0
    assert summaries["datamuni"]["x_floor"] == 0.5
    assert report.bars(summaries, {})["completo >= 5x frictionless"]["cumple"]
