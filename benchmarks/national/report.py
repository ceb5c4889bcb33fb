"""Markdown of `results/nacional.json` (generated, never typed by hand)."""

from __future__ import annotations

from typing import Any

TITLES = {
    "primera": "primera publicación",
    "base": "repetición sin cambios, sin el atajo (línea base)",
    "repeticion": "repetición sin cambios",
    "cambio": "repetición con 1 archivo cambiado",
}
REPEAT_SECONDS = 120


def _phases(results: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    phases = results.get("fases", {})
    return [(key, phases[key]) for key in [*TITLES, *phases] if key in phases][: len(phases)]


def _calls(totals: dict[str, int], datasets: int) -> str:
    """`action` calls per dataset (total calls of the phase)."""
    shown = [f"`{a}` {n / max(datasets, 1):.3g} ({n:,})" for a, n in totals.items()]
    return ", ".join(shown) or "—"


def phase_rows(results: dict[str, Any]) -> list[str]:
    """One table row per measured phase."""
    rows = [
        "| fase | medida | conjuntos | procesos | s | conjuntos/s | lecturas/conjunto | "
        "escrituras/conjunto | resultados |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, phase in _phases(results):
        proxy = phase["proxy"]
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(phase["resultados"].items()))
        rows.append(
            f"| {TITLES.get(key, key)} | {phase.get('fecha', '')} | {phase['conjuntos']:,} | "
            f"{phase['procesos']} | "
            f"{phase['segundos']:,.1f} | {phase['conjuntos_por_segundo']} | "
            f"{proxy['lecturas_por_conjunto']} | {proxy['escrituras_por_conjunto']} | {outcomes} |"
        )
    return rows


def call_rows(results: dict[str, Any]) -> list[str]:
    """Calls per dataset by action name, per phase (as the proxy counted them)."""
    rows = ["| fase | lecturas por conjunto, por acción (total) | escrituras (ídem) |"]
    rows.append("|---|---|---|")
    for key, phase in _phases(results):
        proxy = phase["proxy"]
        rows.append(
            f"| {TITLES.get(key, key)} | "
            f"{_calls(proxy['lecturas_por_accion'], phase['conjuntos'])} | "
            f"{_calls(proxy['escrituras_por_accion'], phase['conjuntos'])} |"
        )
    return rows


def bar_rows(results: dict[str, Any]) -> list[str]:
    """The issue's bars for the no-change re-run."""
    phase = results.get("fases", {}).get("repeticion")
    if phase is None:
        return []
    proxy = phase["proxy"]
    complete = phase["conjuntos"] == 345 * 9
    bars = [
        ("cero escrituras", proxy["escrituras"], proxy["escrituras"] == 0),
        ("a lo más 1 lectura por conjunto", proxy["lecturas_por_conjunto"],
         proxy["lecturas"] <= phase["conjuntos"]),
        (f"menos de {REPEAT_SECONDS} s (345 × 9)", phase["segundos"],
         complete and phase["segundos"] < REPEAT_SECONDS),
    ]  # fmt: skip
    rows = ["| barra (repetición sin cambios) | valor | cumple |", "|---|---|---|"]
    rows += [f"| {name} | {value} | {'sí' if ok else 'no'} |" for name, value, ok in bars]
    return rows


def prefect_rows(results: dict[str, Any]) -> list[str]:
    """One-worker vs two-worker runs of `publicar-nacional` on the stated subset."""
    prefect = results.get("prefect")
    if not prefect:
        return []
    rows = [
        "Prefect: `publicar-nacional` → `publicar-municipio` por municipio, "
        f"{prefect['descripcion']}.",
        "",
        "| workers | municipios | conjuntos | s | conjuntos/s | estado |",
        "|---|---|---|---|---|---|",
    ]
    for run in prefect["corridas"]:
        rows.append(
            f"| {run['workers']} | {run['municipios']} | {run['conjuntos']} | "
            f"{run['segundos']:,.1f} | {run['conjuntos_por_segundo']} | {run['estado']} |"
        )
    rows += ["", f"Aceleración con 2 workers: **{prefect['aceleracion']}×**."]
    return rows


def render(results: dict[str, Any]) -> str:
    """The whole Markdown report."""
    machine = results["maquina"]
    head = (
        f"Benchmark nacional del {results['fecha']} (código `{results['commit']}`): "
        f"{results['municipios']} municipios × {results['tipos']} tipos = "
        f"{results['conjuntos']:,} conjuntos de {results['filas_por_archivo']} filas, suite "
        f"`{results['suite']}`, CKAN local. Máquina: {machine['cpu']} CPU, carga media "
        f"{machine['carga_inicio']:.2f} al empezar y {machine.get('carga_fin', 0):.2f} al terminar."
    )
    parts = [head, "", *phase_rows(results), "", *call_rows(results), ""]
    parts += [*bar_rows(results), "", *prefect_rows(results)]
    return "\n".join(parts).rstrip() + "\n"
