"""`python -m benchmarks.run` (`make bench`): generate the inputs, measure, write and print results.

Every measurement runs in a fresh subprocess (`benchmarks.measures`), so its peak RSS is its own;
repetitions are interleaved (floor, frictionless, ... then again) so load drift hits all alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import report, synth

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DEFAULT_DATA = Path.home() / ".cache" / "datamuni" / "benchmarks"
ALL = ("floor", "frictionless", "gx", "datamuni", "datamuni_frio", "datamuni_sin_suite")
BIG = ("datamuni_sin_suite", "datamuni")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options (`--rows 100000 --repetitions 1` for a quick run)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the main file")
    parser.add_argument("--big-rows", type=int, default=10_000_000, help="rows of the memory run")
    parser.add_argument(
        "--con-10m", dest="big", action="store_true", help="add the 10M-row memory run (slow)"
    )
    parser.add_argument("--repetitions", type=int, default=3, help="repetitions per measurement")
    parser.add_argument("--only", default=",".join(ALL), help=f"comma list of {', '.join(ALL)}")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="generated inputs")
    parser.add_argument("--seed", type=int, default=20261026)
    parser.add_argument("--differential-rows", type=int, default=100_000, help="0 to skip")
    parser.add_argument("--results", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite README's table")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per measurement")
    return parser.parse_args(argv)


def measure(name: str, path: Path, workdir: Path, timeout: float) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its JSON is the last line of its stdout."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    command = [sys.executable, "-m", "benchmarks.measures", name, str(path), str(workdir)]
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "PYTHONWARNINGS": "ignore"}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=env, cwd=HERE.parent
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def run_series(
    names: list[str], path: Path, rows: int, repetitions: int, data: Path, timeout: float
) -> dict[str, dict[str, Any]]:
    """Interleaved repetitions of every measurement on one file; medians per measurement."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    failures: dict[str, list[str]] = {}
    for repetition in range(repetitions):
        for name in names:
            # Per file and measurement (and process), so concurrent runs never share a folder.
            workdir = data / "trabajo" / f"{rows}-{name}-{os.getpid()}"
            try:
                result = measure(name, path, workdir, timeout)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                # A failed or hung measurement is recorded; the others still run.
                failures.setdefault(name, []).append(str(error)[-500:])
                print(f"  [{repetition + 1}/{repetitions}] {name}: FALLÓ ({error!s:.200})")
                continue
            runs[name].append(result)
            print(
                f"  [{repetition + 1}/{repetitions}] {name}: {result['seconds']:.2f} s, "
                f"{result['peak_rss_mb']:.0f} MB",
                flush=True,
            )
    summaries = {name: report.summarize(name, items, rows) for name, items in runs.items() if items}
    for name, errors in failures.items():
        summaries.setdefault(name, report.failed(name, rows))["failures"] = errors
    return summaries


def prepare(path: Path, rows: int, seed: int) -> tuple[synth.Generated, float]:
    """Generate (or reuse) a benchmark file; return it and the seconds spent."""
    started = time.perf_counter()
    generated = synth.ensure(path, rows, seed=seed)
    seconds = time.perf_counter() - started
    print(f"archivo {path} ({generated.bytes / 1e6:,.0f} MB) listo en {seconds:.1f} s", flush=True)
    return generated, seconds


def code_state() -> dict[str, Any]:
    """The commit measured and whether library files had uncommitted changes (shared checkout)."""

    def git(*command: str) -> str:
        done = subprocess.run(
            ["git", *command], capture_output=True, text=True, cwd=HERE.parent, check=False
        )
        return done.stdout.rstrip("\n")

    dirty = [line[3:] for line in git("status", "--porcelain", "--", "src").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip(), "uncommitted_src": dirty}


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, write `results/latest.json`, print the table, update the README."""
    args = parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    unknown = sorted(set(names) - set(ALL))
    if unknown:
        raise SystemExit(f"mediciones desconocidas: {', '.join(unknown)}")
    load_before = os.getloadavg()[0]
    main_file, generation = prepare(
        args.data_dir / f"remuneraciones-{args.rows}.csv", args.rows, args.seed
    )
    measurements = run_series(
        names, main_file.path, args.rows, args.repetitions, args.data_dir, args.timeout
    )
    report.add_ratios(measurements)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": round(load_before, 2),
            "load_after": round(os.getloadavg()[0], 2),
        },
        "file": {
            "rows": args.rows,
            "bytes": main_file.bytes,
            "sha256": main_file.sha256,
            "seed": args.seed,
            "bad_rows": main_file.bad_rows,
            "bad_rows_total": sum(main_file.bad_rows.values()),
            "generation_seconds": round(generation, 1),
        },
        "code": code_state(),
        "repetitions": args.repetitions,
        "measurements": measurements,
        "big_rows": args.big_rows if args.big else None,
        "big": {},
    }
    if args.big:
        big_file, big_generation = prepare(
            args.data_dir / f"remuneraciones-{args.big_rows}.csv", args.big_rows, args.seed
        )
        results["big_file"] = {
            "bytes": big_file.bytes,
            "generation_seconds": round(big_generation, 1),
        }
        big_names = [n for n in BIG if n in names]
        results["big"] = run_series(
            big_names, big_file.path, args.big_rows, 1, args.data_dir, args.timeout
        )
    if args.differential_rows:
        from benchmarks.differential import run_differential

        rows = min(args.differential_rows, args.rows)
        print(f"diferencial contra frictionless en {rows:,} filas...", flush=True)
        results["differential"] = run_differential(
            main_file.path, rows, args.data_dir / "trabajo" / "diferencial"
        )
    results["bars"] = report.bars(measurements, results["big"])
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    table = report.markdown(results)
    args.results.with_suffix(".md").write_text(table, encoding="utf-8")
    print()
    print(table)
    if not args.no_readme and args.results == RESULTS / "latest.json":
        report.update_readme(HERE / "README.md", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
