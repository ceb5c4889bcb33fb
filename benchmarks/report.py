"""Summaries of the measurements: medians, ratios, the markdown table and the README update."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

LABELS = {
    "floor": "piso: `pyarrow.csv.read_csv`",
    "frictionless": "par 1: `frictionless` validate",
    "gx": "par 2: suite GX sola (pandas)",
    "datamuni": "datamuni completo (esquema + suite + protección + paquete)",
    "datamuni_frio": "datamuni completo, primera corrida (el proceso GX arranca e importa GX)",
    "datamuni_sin_suite": "datamuni sin suite (esquema + protección)",
}
README_BEGIN = "<!-- resultados:inicio -->"
README_END = "<!-- resultados:fin -->"


def summarize(name: str, runs: list[dict[str, Any]], rows: int) -> dict[str, Any]:
    """Median seconds and peak RSS of one measurement's repetitions."""
    seconds = statistics.median(run["seconds"] for run in runs)
    cpu = statistics.median(run.get("cpu_seconds", run["seconds"]) for run in runs)
    return {
        "name": name,
        "rows": rows,
        "repetitions": len(runs),
        "seconds_median": round(seconds, 3),
        "seconds_all": [round(run["seconds"], 3) for run in runs],
        "rows_per_second": round(rows / seconds) if seconds else None,
        "cpu_seconds_median": round(cpu, 3),
        "rows_per_cpu_second": round(rows / cpu) if cpu else None,
        "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
        "peak_rss_process_mb": max(_largest_process(run) for run in runs),
        "details": {
            k: v for k, v in runs[-1].items() if k not in ("seconds", "cpu_seconds", "peak_rss_mb")
        },
    }


def _largest_process(run: dict[str, Any]) -> float:
    """Peak RSS of the largest single process (what `/usr/bin/time -v` reports for a tree)."""
    own = run.get("peak_rss_self_mb", run["peak_rss_mb"])
    return float(max(own, run.get("peak_rss_children_mb", 0.0)))


def failed(name: str, rows: int) -> dict[str, Any]:
    """The summary of a measurement whose every repetition failed."""
    return {
        "name": name,
        "rows": rows,
        "repetitions": 0,
        "seconds_median": None,
        "seconds_all": [],
        "rows_per_second": None,
        "cpu_seconds_median": None,
        "rows_per_cpu_second": None,
        "peak_rss_mb": None,
        "peak_rss_process_mb": None,
        "details": {},
    }


def add_ratios(summaries: dict[str, dict[str, Any]]) -> None:
    """Throughput relative to frictionless and to the floor (same run), by wall and by CPU time."""
    for speed_key, suffix in (("rows_per_second", ""), ("rows_per_cpu_second", "_cpu")):
        base: dict[str, Any] = {
            k: summaries[k][speed_key] for k in ("frictionless", "floor") if k in summaries
        }
        for summary in summaries.values():
            speed = summary[speed_key]
            for key in ("frictionless", "floor"):
                value = round(speed / base[key], 3) if speed and base.get(key) else None
                summary[f"x_{key}{suffix}"] = value


def bars(summaries: dict[str, dict[str, Any]], big: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The issue's bars, each with its measured value and whether it is met."""

    def ratio(name: str, key: str) -> float | None:
        value = summaries.get(name, {}).get(key)
        return float(value) if value is not None else None

    full, lean = ratio("datamuni", "x_frictionless"), ratio("datamuni_sin_suite", "x_frictionless")
    floor = ratio("datamuni_sin_suite", "x_floor")
    cold = ratio("datamuni_frio", "x_frictionless")

    def largest(found: dict[str, dict[str, Any]], key: str) -> float | None:
        values = [s[key] for k, s in found.items() if k.startswith("datamuni") and s.get(key)]
        return max(values, default=None)

    rss, rss_big = largest(summaries, "peak_rss_mb"), largest(big, "peak_rss_mb")
    rss_process = largest(summaries, "peak_rss_process_mb")
    rss_process_big = largest(big, "peak_rss_process_mb")
    checks = {
        "completo >= 5x frictionless": (full, full is not None and full >= 5),
        "completo, primera corrida (GX arranca dentro) >= 5x frictionless": (
            cold,
            cold is not None and cold >= 5,
        ),
        "sin suite >= 30x frictionless": (lean, lean is not None and lean >= 30),
        "sin suite dentro de 5x del piso": (floor, floor is not None and floor >= 0.2),
        "RSS < 1 GB (1M filas), mayor proceso": (rss_process, _under(rss_process, 1024)),
        "RSS < 1 GB (1M filas), suma con el proceso GX": (rss, _under(rss, 1024)),
        "RSS < 1,5 GB (10M filas), mayor proceso": (rss_process_big, _under(rss_process_big, 1536)),
        "RSS < 1,5 GB (10M filas), suma con el proceso GX": (rss_big, _under(rss_big, 1536)),
    }
    return {name: {"valor": value, "cumple": ok} for name, (value, ok) in checks.items()}


def _under(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def _cell(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown(results: dict[str, Any]) -> str:
    """The results as markdown: the main table, the 10M memory run and the bars."""
    lines = [
        f"Archivo: {results['file']['rows']:,} filas, {results['file']['bytes'] / 1e6:,.0f} MB "
        f"(CPLT masivo, Latin-1, `;`, coma decimal, {results['file']['bad_rows_total']:,} filas "
        f"malas). Medianas de {results['repetitions']} repeticiones, cada una en un proceso nuevo. "
        f"Máquina: {results['machine']['cpus']} CPU, Python {results['machine']['python']}, "
        f"carga media {results['machine']['load_before']} al empezar y "
        f"{results['machine']['load_after']} al terminar (checkout compartido: compare las "
        "columnas de CPU cuando la carga es alta). Código: "
        f"`{results.get('code', {}).get('commit', '?')}`.",
        "",
        "| medición | s (mediana) | filas/s | × frictionless | × piso | s CPU | "
        "× frictionless (CPU) | × piso (CPU) | RSS máx. MB (suma) | RSS máx. MB (mayor proceso) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, summary in results["measurements"].items():
        if summary.get("failures"):
            lines.append(
                f"| {LABELS.get(name, name)} | falló {len(summary['failures'])} de "
                f"{summary['repetitions'] + len(summary['failures'])} veces (ver JSON) |"
                " | | | | | | |"
            )
            if not summary["repetitions"]:
                continue
        lines.append(
            f"| {LABELS.get(name, name)} | {_cell(summary['seconds_median'])} | "
            f"{_cell(summary['rows_per_second'])} | {_cell(summary['x_frictionless'])} | "
            f"{_cell(summary['x_floor'])} | {_cell(summary['cpu_seconds_median'])} | "
            f"{_cell(summary['x_frictionless_cpu'])} | {_cell(summary['x_floor_cpu'])} | "
            f"{_cell(summary['peak_rss_mb'], 0)} | {_cell(summary.get('peak_rss_process_mb'), 0)} |"
        )
    if results.get("big"):
        lines += ["", f"Corrida de memoria, {results['big_rows']:,} filas (1 repetición):", ""]
        lines += [
            "| medición | s | filas/s | RSS máx. MB (suma) | RSS máx. MB (mayor proceso) |",
            "|---|---|---|---|---|",
        ]
        for name, summary in results["big"].items():
            lines.append(
                f"| {LABELS.get(name, name)} | {_cell(summary['seconds_median'])} | "
                f"{_cell(summary['rows_per_second'])} | {_cell(summary['peak_rss_mb'], 0)} | "
                f"{_cell(summary.get('peak_rss_process_mb'), 0)} |"
            )
    lines += ["", "| barra | valor | cumple |", "|---|---|---|"]
    for name, check in results["bars"].items():
        lines.append(f"| {name} | {_cell(check['valor'])} | {'sí' if check['cumple'] else 'no'} |")
    differential = results.get("differential")
    if differential:
        lines += [
            "",
            f"Diferencial contra frictionless ({differential['rows']:,} filas): "
            f"{differential['common']:,} errores comunes, "
            f"{differential['only_datamuni']} solo datamuni, "
            f"{differential['only_frictionless']} solo frictionless "
            f"({'iguales' if differential['equal'] else 'DISTINTOS'}).",
        ]
    return "\n".join(lines) + "\n"


def update_readme(readme: Path, table: str) -> bool:
    """Replace the text between the result markers of the README; False when markers are absent."""
    if not readme.is_file():
        return False
    text = readme.read_text(encoding="utf-8")
    if README_BEGIN not in text or README_END not in text:
        return False
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_BEGIN}\n{table}{README_END}{tail}", encoding="utf-8")
    return True
