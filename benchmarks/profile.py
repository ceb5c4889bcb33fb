"""Where datamuni's time goes: `python -m benchmarks.profile [--rows N] [--variant ...]`.

Runs one datamuni measurement under cProfile in this process and writes, per variant,
`results/profile-<variant>.txt` (top functions) and a summary of own time per datamuni module and
per library. cProfile sees the main thread only: time the GX worker thread spends shows up as the
main thread waiting in `Future.result`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import synth
from benchmarks.measures import MEASURES
from benchmarks.run import DEFAULT_DATA, RESULTS


def owner(filename: str) -> str:
    """The module (`datamuni.validation.parsing`) or library (`pyarrow`) a frame belongs to."""
    if "/src/datamuni/" in filename:
        return "datamuni." + filename.split("/src/datamuni/")[1].removesuffix(".py").replace(
            "/", "."
        )
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0].removesuffix(".py")
    if filename.startswith("~") or filename.startswith("<built-in"):
        return "builtins (C: pyarrow/polars kernels, I/O)"
    return "python stdlib" if "/lib/python3" in filename else filename


def summarize(stats: pstats.Stats, total: float, top: int = 40) -> dict[str, Any]:
    """Own time per module and the functions with the most cumulative time inside datamuni."""
    own: dict[str, float] = defaultdict(float)
    functions = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = owner(filename)
        if where.startswith("builtins"):
            where = f"C: {name}"[:90]
        own[where] += tottime
        if filename.find("/src/datamuni/") >= 0:
            functions.append((cumtime, tottime, calls, f"{owner(filename)}:{line}({name})"))
    functions.sort(reverse=True)
    return {
        "total_seconds": round(total, 2),
        "own_time_by_module": {
            k: round(v, 3) for k, v in sorted(own.items(), key=lambda kv: -kv[1])[:top]
        },
        "datamuni_functions_by_cumulative": [
            {"cum_s": round(c, 3), "own_s": round(t, 3), "calls": n, "function": f}
            for c, t, n, f in functions[:top]
        ],
    }


def warm_imports() -> None:
    """Import what the measurements import, so the profile shows work, not module loading."""
    import datamuni.pipeline
    import datamuni.protection.protector
    import datamuni.validation.suite_gx
    import datamuni.validation.validator  # noqa: F401


def profile(variant: str, path: Path, workdir: Path) -> dict[str, Any]:
    """Profile one measurement; write the cProfile listing; return the summary."""
    workdir.mkdir(parents=True, exist_ok=True)
    warm_imports()
    profiler = cProfile.Profile()
    profiler.enable()
    result = MEASURES[variant](path, workdir)
    profiler.disable()
    listing = io.StringIO()
    stats = pstats.Stats(profiler, stream=listing)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(40)
    (RESULTS / f"profile-{variant}.txt").write_text(listing.getvalue(), encoding="utf-8")
    summary = summarize(stats, result["seconds"])
    summary["measurement"] = result
    return summary


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) the file and profile each requested variant."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--variant", action="append", choices=["datamuni", "datamuni_sin_suite"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    generated = synth.ensure(args.data_dir / f"remuneraciones-{args.rows}.csv", args.rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"rows": args.rows}
    for variant in args.variant or ["datamuni_sin_suite", "datamuni"]:
        out[variant] = profile(variant, generated.path, args.data_dir / "trabajo" / "perfil")
        print(json.dumps(out[variant], indent=1, ensure_ascii=False, default=str)[:6000])
    target = RESULTS / "profile.json"
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    target.with_suffix(".md").write_text(render(out), encoding="utf-8")
    return 0


def render(out: dict[str, Any], top: int = 15) -> str:
    """The profile summary as markdown: own time per module, then datamuni's heaviest functions."""
    lines = [f"# Perfil de datamuni ({out['rows']:,} filas, cProfile, hilo principal)", ""]
    for variant, summary in out.items():
        if variant == "rows":
            continue
        lines += [
            f"## {variant}: {summary['total_seconds']} s bajo cProfile",
            "",
            "| tiempo propio s | módulo o función C |",
            "|---|---|",
        ]
        for name, seconds in list(summary["own_time_by_module"].items())[:top]:
            lines.append(f"| {seconds} | `{name}` |")
        lines += ["", "| acumulado s | propio s | llamadas | función |", "|---|---|---|---|"]
        for item in summary["datamuni_functions_by_cumulative"][: top * 2]:
            lines.append(
                f"| {item['cum_s']} | {item['own_s']} | {item['calls']} | `{item['function']}` |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
