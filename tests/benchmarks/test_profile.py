"""The profile summary: frames are attributed to datamuni modules or libraries."""

from __future__ import annotations

from benchmarks.profile import owner, render


def test_owner_names_datamuni_modules_and_libraries() -> None:
    assert owner("/work/main/src/datamuni/sources/normalize.py") == "datamuni.sources.normalize"
    assert owner("/x/.venv/lib/python3.11/site-packages/pyarrow/compute.py") == "pyarrow"
    assert owner("~") == "builtins (C: pyarrow/polars kernels, I/O)"


def test_render_lists_every_variant() -> None:
    summary = {
        "total_seconds": 1.0,
        "own_time_by_module": {"pyarrow": 0.5},
        "datamuni_functions_by_cumulative": [
            {"cum_s": 1.0, "own_s": 0.1, "calls": 3, "function": "datamuni.x:1(f)"}
        ],
    }
    text = render({"rows": 10, "datamuni": summary, "datamuni_sin_suite": summary})
    assert "## datamuni: 1.0 s" in text and "## datamuni_sin_suite" in text
    assert "`datamuni.x:1(f)`" in text
