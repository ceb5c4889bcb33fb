"""The Great Expectations suite runs in its own worker process: results, errors, a lost worker."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from datamuni.distinct import RepetitionGuide
from datamuni.errors import ConfigurationError, DatamuniError, SourceError
from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.validation import suite_process
from datamuni.validation.field_checks import parse_and_check
from datamuni.validation.suite import SuiteRunner
from datamuni.validation.validator import Validator
from tests.validation.conftest import good_row, make_kind, make_table


def _suite(expectation: str, **kwargs: Any) -> dict[str, Any]:
    item = {"id": "x", "expectation": expectation, "kwargs": kwargs, "message": "m", "fix": "f"}
    return {"expectations": [item]}


def _validate(settings: Settings, run: RunFolder, suite: dict[str, Any]) -> Validator:
    validator = Validator(
        make_kind(suite=suite, max_invalid_ratio=1.0),
        settings,
        run,
        period="2026-10",
        municipality=None,
        suite_engine="gx",
    )
    list(validator.validate(make_table([good_row(1), good_row(2, bruta="500")])))
    return validator


def _in_a_fresh_worker(expression: str) -> Any:
    """`expression` evaluated in a new GX worker once its engine is built."""
    suite_process.shutdown()
    kind = make_kind(
        suite=_suite("expect_column_values_to_be_between", column="bruta", min_value=1)
    )
    assert suite_process.warm_up(kind).result()
    return suite_process._worker_pool().submit(eval, expression).result()


def test_errors_keep_their_hint_and_location_across_processes() -> None:
    error = SourceError("Fila rota.", "Revise la fila.", path="a.csv", row=7, column="mes")
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes, as the worker pool does)
    assert type(back) is SourceError and str(back) == str(error)
    assert (back.path, back.row, back.column, back.hint) == ("a.csv", 7, "mes", "Revise la fila.")


def test_suite_runs_in_another_process(settings: Settings, run: RunFolder) -> None:
    validator = _validate(
        settings, run, _suite("expect_column_values_to_be_between", column="bruta", min_value=1000)
    )
    assert {(f.row, f.rule) for f in validator.report.findings} == {(3, "gx:x")}
    pool = suite_process._pool
    assert pool is not None
    assert {p.pid for p in pool._processes.values()} and os.getpid() not in {
        p.pid for p in pool._processes.values()
    }


def test_invalid_expectation_comes_back_as_a_spanish_configuration_error(
    settings: Settings, run: RunFolder
) -> None:
    with pytest.raises(ConfigurationError, match="no es una expectativa válida") as raised:
        _validate(settings, run, _suite("expect_column_values_to_be_bananas", column="bruta"))
    assert "Corrija el nombre" in raised.value.hint


def test_a_worker_lost_mid_run_fails_it_clearly_and_the_next_run_starts_clean(
    settings: Settings, run: RunFolder
) -> None:
    suite = _suite("expect_column_values_to_be_between", column="bruta", min_value=1000)
    kind = make_kind(suite=suite, max_invalid_ratio=1.0)
    runner = SuiteRunner(kind, "gx", "2026-10", None)  # worker up, GX being built
    batch = next(make_table([good_row(1), good_row(2, bruta="500")]).batches())
    parsed, _ = parse_and_check(batch, kind, RepetitionGuide())
    suite_process._worker_pool().submit(os._exit, 9).exception()  # the worker dies (OOM, kill)
    with pytest.raises(DatamuniError, match="terminó inesperadamente"):
        runner.submit(batch, parsed).result()
    again = _validate(settings, run, suite)
    assert {(f.row, f.rule) for f in again.report.findings} == {(3, "gx:x")}


def test_batches_share_one_worker_call_and_each_gets_its_own_rows() -> None:
    suite = _suite("expect_column_values_to_be_between", column="bruta", min_value=1000)
    kind = make_kind(suite=suite, max_invalid_ratio=1.0)
    runner = SuiteRunner(kind, "gx", "2026-10", None)
    rows = [good_row(1), good_row(2, bruta="500"), good_row(3, bruta="7"), good_row(4)]
    rows += [good_row(5), good_row(6, bruta="9")]
    futures = []
    for batch in make_table(rows, batch_rows=2).batches():
        parsed, _ = parse_and_check(batch, kind, RepetitionGuide())
        futures.append(runner.submit(batch, parsed))
    assert not any(f.done() for f in futures)  # gathered into one group, not sent yet
    masks = [[i.mask.to_pylist() for i in f.result()] for f in futures]  # the first sends it
    assert masks == [[[False, True]], [[True, False]], [[False, True]]]
    runner.close()


def test_waiting_on_a_sent_batch_leaves_the_group_being_filled_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GX pays a fixed cost per call: a wait on an earlier batch (the validator's backlog) must
    # not send the next group half-filled
    from datamuni.validation import suite as suite_module

    monkeypatch.setattr(suite_module, "GROUP_ROWS", 4)
    sent: list[int] = []
    real_submit = suite_process.submit

    def counting_submit(kind: Any, active: Any, typed: Any) -> Any:
        sent.append(typed.num_rows)
        return real_submit(kind, active, typed)

    monkeypatch.setattr(suite_process, "submit", counting_submit)
    suite = _suite("expect_column_values_to_be_between", column="bruta", min_value=1000)
    kind = make_kind(suite=suite, max_invalid_ratio=1.0)
    runner = SuiteRunner(kind, "gx", "2026-10", None)
    rows = [good_row(n, bruta="7" if n == 5 else "2000") for n in range(1, 9)]
    futures = []
    for number, batch in enumerate(make_table(rows, batch_rows=2).batches()):
        parsed, _ = parse_and_check(batch, kind, RepetitionGuide())
        futures.append(runner.submit(batch, parsed))
        if number == 2:  # first group (batches 0 and 1) sent; batch 2 starts the next one
            assert futures[0].result() == futures[0].result() and sent == [4]
    assert sent == [4, 4]  # the second group was sent full, by its own rows
    assert [i.mask.to_pylist() for i in futures[2].result()] == [[True, False]]
    runner.close()


def test_a_changed_parameter_under_the_same_rule_id_is_not_served_from_an_old_suite(
    settings: Settings, run: RunFolder
) -> None:
    # the worker keeps built suites between runs: the cache must see parameters, not only ids
    strict = _validate(
        settings, run, _suite("expect_column_values_to_be_between", column="bruta", min_value=1000)
    )
    loose = _validate(
        settings, run, _suite("expect_column_values_to_be_between", column="bruta", min_value=100)
    )
    assert {f.row for f in strict.report.findings} == {3}
    assert not loose.report.findings


def test_start_suite_engine_starts_the_worker_only_for_a_gx_suite() -> None:
    from datamuni.validation.suite import start_suite_engine

    suite_process.shutdown()
    kind = make_kind(suite=_suite("expect_column_values_to_not_be_null", column="anio"))
    start_suite_engine(kind, "columnar")
    start_suite_engine(make_kind(suite={"expectations": []}), "gx")
    assert suite_process._pool is None  # neither needs a GX process
    start_suite_engine(kind, "gx")
    assert suite_process._pool is not None  # importing GX now, before the source is opened
    assert suite_process.worker_cpu_seconds() > 0


def test_gx_worker_imports_neither_the_readers_nor_polars() -> None:
    # the worker's memory is part of a run's peak: it needs GX and the typed columns, not the
    # readers (`datamuni.sources`' package module once imported them all, polars and pandas too)
    loaded = _in_a_fresh_worker("sorted(__import__('sys').modules)")
    assert "great_expectations" in loaded and "datamuni.validation.suite_gx" in loaded
    assert "polars" not in loaded
    assert not [name for name in loaded if name.startswith("datamuni.sources.read")]


def test_gx_worker_does_not_import_the_main_module_again(tmp_path: Path) -> None:
    # spawn re-imports the parent's `__main__` in the child: under the `datamuni` command that
    # was the whole CLI, ~1 s of CPU before the worker could start importing GX
    marker = tmp_path / "importado.txt"
    script = tmp_path / "principal.py"
    script.write_text(
        f"with open({str(marker)!r}, 'a') as out:\n"
        "    out.write(__name__ + '\\n')\n"
        "if __name__ == '__main__':\n"
        "    from datamuni.validation import suite_process\n"
        "    print(suite_process.worker_cpu_seconds() > 0)\n"
        "    suite_process.shutdown()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "True"  # the worker ran
    assert marker.read_text(encoding="utf-8").splitlines() == ["__main__"]


def test_gx_worker_starts_no_openblas_threads() -> None:
    # each OpenBLAS thread spins on load (numpy's and scipy's: ~0.2 s of CPU per first run)
    setting = _in_a_fresh_worker("__import__('os').environ.get('OPENBLAS_NUM_THREADS')")
    assert setting == "1"
