"""`python -m benchmarks.national`: 345 synthetic municipalities × 9 kinds, local CKAN."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.national import admin, report
from benchmarks.national.phases import run_phase
from benchmarks.national.proxy import CountingProxy
from benchmarks.national.world import DEFAULT_DIR, PREFIX, ROOT, build_world, source_bytes
from datamuni.publishing.client import CkanClient
from datamuni.publishing.unchanged import cached_catalog


def parse(argv: list[str]) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.national", description=__doc__)
    parser.add_argument("--municipios", type=int, default=345, help="primeros N por CUT")
    parser.add_argument("--filas", type=int, default=24, help="filas por archivo")
    parser.add_argument("--procesos", type=int, default=2, help="procesos que publican")
    parser.add_argument(
        "--procesos-repeticion", type=int, default=4, help="procesos de las repeticiones"
    )
    parser.add_argument("--suite", default="columnar", choices=["gx", "columnar", "off"])
    parser.add_argument("--carpeta", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--ckan", default="http://127.0.0.1:5000")
    parser.add_argument("--fases", default="primera,base,repeticion,cambio,prefect")
    parser.add_argument("--prefect-municipios", type=int, default=6)
    parser.add_argument(
        "--base-municipios", type=int, default=5, help="repetición sin el atajo (línea base)"
    )
    parser.add_argument("--salida", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--prefijo", default=PREFIX, help="prefijo de los tipos (`nac_`)")
    parser.add_argument("--limpiar", action="store_true", help="purga lo publicado y termina")
    parser.add_argument(
        "--solo-informe", action="store_true", help="rehace nacional.md desde nacional.json"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen phases and write `results/nacional.json` and `.md`."""
    options = parse(sys.argv[1:] if argv is None else argv)
    token = admin.token_of(ROOT)
    folder: Path = options.carpeta
    if options.solo_informe:
        saved = json.loads((options.salida / "nacional.json").read_text(encoding="utf-8"))
        (options.salida / "nacional.md").write_text(report.render(saved), encoding="utf-8")
        return 0
    if options.limpiar:
        purged, removed = admin.clean_ckan(folder, options.ckan, token, options.prefijo)
        print(f"Purgados {purged} conjuntos y {removed} organizaciones del benchmark nacional.")
        return 0
    phases = [p.strip() for p in options.fases.split(",") if p.strip()]
    jobs = build_world(folder, options.municipios, options.filas, prefix=options.prefijo)
    from benchmarks.national.world import bench_settings

    catalog = cached_catalog(bench_settings(folder, options.ckan))
    comunas = sorted({job.comuna for job in jobs}, key=lambda comuna: comuna.code)
    setup_started = time.perf_counter()
    created = admin.prepare_ckan(
        CkanClient(options.ckan, token), folder, comunas, list(catalog.values())
    )
    results: dict[str, Any] = {
        "fecha": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": _commit(),
        "maquina": {"cpu": os.cpu_count(), "carga_inicio": os.getloadavg()[0]},
        "municipios": len(comunas),
        "tipos": len(catalog),
        "conjuntos": len(jobs),
        "filas_por_archivo": options.filas,
        "suite": options.suite,
        "preparacion": {
            "organizaciones_creadas": created,
            "segundos": round(time.perf_counter() - setup_started, 2),
        },
        "fases": {},
    }
    with CountingProxy(options.ckan) as proxy:
        common = (folder, proxy, token, options.procesos, options.suite)
        repeat = (folder, proxy, token, options.procesos_repeticion, options.suite)
        if "primera" in phases:
            results["fases"]["primera"] = run_phase("primera", jobs, *common)
        if "base" in phases:  # before the fast path: the whole pipeline for an unchanged file
            subset = jobs[: options.base_municipios * results["tipos"]]
            results["fases"]["base"] = run_phase("base", subset, *repeat, fast=False)
        if "repeticion" in phases:
            results["fases"]["repeticion"] = run_phase("repeticion", jobs, *repeat)
        if "cambio" in phases:
            changed = jobs[len(jobs) // 2]
            base_kind = changed.kind.removeprefix(options.prefijo)
            data = source_bytes(changed.comuna, base_kind, changed.period, options.filas + 1)
            changed.source.write_bytes(data)  # one more row: the next run writes the original back
            results["fases"]["cambio"] = run_phase("cambio", jobs, *repeat)
            results["fases"]["cambio"]["conjunto_cambiado"] = changed.dataset
    if "prefect" in phases:
        from benchmarks.national.prefect_run import compare_workers

        results["prefect"] = compare_workers(folder, options.ckan, token, comunas, options)
    results["maquina"]["carga_fin"] = os.getloadavg()[0]
    options.salida.mkdir(parents=True, exist_ok=True)
    results = _merged(options.salida / "nacional.json", results)
    (options.salida / "nacional.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    text = report.render(results)
    (options.salida / "nacional.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def _merged(path: Path, results: dict[str, Any]) -> dict[str, Any]:
    """Keep the phases of an earlier run of the same size that this run did not repeat."""
    if not path.is_file():
        return results
    earlier = json.loads(path.read_text(encoding="utf-8"))
    if earlier.get("conjuntos") != results["conjuntos"]:
        return results
    for name, phase in earlier.get("fases", {}).items():
        results["fases"].setdefault(name, {"commit": earlier.get("commit"), **phase})
    if "prefect" not in results and "prefect" in earlier:
        results["prefect"] = dict(earlier["prefect"], fecha=earlier.get("fecha"))
    return results


def _commit() -> str:
    """Short commit of the checkout, with `+cambios` when the tree is dirty."""

    def git(*arguments: str) -> str:
        return subprocess.run(
            ["git", *arguments], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--", "src", "flows", "benchmarks/national")
    return git("rev-parse", "--short", "HEAD") + ("+cambios" if dirty else "")


if __name__ == "__main__":
    sys.exit(main())
