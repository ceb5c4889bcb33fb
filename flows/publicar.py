"""The four flows of datamuni: one dataset, one municipality, the whole country, the report."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from datamuni.municipalities import load_all, load_config, resolve_period, resolve_source
from flows.report_tasks import informe_nacional
from flows.runtime import build_settings, ensure_ckan_limit, install_redaction
from flows.summary import counts_of
from flows.tasks import crear_artefactos, ejecutar_conjunto, lanzar_municipio, registrar_avance

MUNICIPALITY_DEPLOYMENT = "publicar-municipio/por-municipio"


@flow(name="publicar-conjunto", persist_result=True, log_prints=False)
def publicar_conjunto(
    cut: str,
    tipo: str,
    periodo: str | None = None,
    fuente: str | None = None,
    publicar: bool = True,
    simulacion: bool = False,
    forzar: bool = False,
) -> dict[str, Any]:
    """Extrae, valida, protege, empaqueta y publica un conjunto; registra el avance."""
    install_redaction()
    worker = os.environ.get("PREFECT__WORKER_NAME", "local")
    get_run_logger().info("Conjunto %s %s ejecutado por el worker %s", cut, tipo, worker)
    settings = build_settings()
    config = load_config(settings, cut)
    configured = config.fuentes.get(tipo)
    period = periodo or resolve_period(configured.periodo if configured else "mes_anterior")
    located = fuente if fuente is not None else resolve_source(settings, config, tipo, period)
    source = str(located) if isinstance(located, Path) else located
    run = ejecutar_conjunto.with_options(refresh_cache=forzar)
    try:
        summary = run(
            cut, tipo, period, source, publicar=publicar, simulacion=simulacion, forzar=forzar
        )
    except Exception:
        registrar_avance(cut, tipo, period, "fallido", {})
        raise
    crear_artefactos(summary)
    conteos = {
        **counts_of(summary["validation"], "validacion."),
        **counts_of(summary["protection"], "proteccion."),
    }
    registrar_avance(cut, tipo, period, summary["outcome"], conteos)
    return summary


@flow(name="publicar-municipio", persist_result=True)
def publicar_municipio(
    cut: str, periodo: str | None = None, simulacion: bool = False
) -> list[dict[str, Any]]:
    """Publica todas las fuentes configuradas de un municipio (cada una en su propio subflujo)."""
    config = load_config(build_settings(), cut)
    logger = get_run_logger()
    results, failed = [], []
    for tipo in sorted(config.fuentes):
        try:
            results.append(publicar_conjunto(cut, tipo, periodo=periodo, simulacion=simulacion))
        except Exception as error:  # one failed kind must not stop the others
            logger.error("Falló %s de %s: %s", tipo, cut, type(error).__name__)
            failed.append(tipo)
    if failed:
        raise RuntimeError(f"Fallaron {len(failed)} conjuntos de {cut}: {', '.join(failed)}")
    return results


@flow(name="publicar-nacional", persist_result=True)
def publicar_nacional(
    cuts: list[str] | None = None,
    periodo: str | None = None,
    despliegue: str = MUNICIPALITY_DEPLOYMENT,
    cupos_ckan: int = 4,
) -> list[dict[str, str]]:
    """Lanza una ejecución separada de `publicar-municipio` por municipio configurado."""
    settings = build_settings()
    ensure_ckan_limit(settings, cupos_ckan)
    chosen = cuts or [config.cut for config in load_all(settings)]
    for cut in chosen:
        load_config(settings, cut)  # fail before fanning out if a configuration is wrong
    futures = lanzar_municipio.map(chosen, periodo, despliegue)
    runs = [future.result() for future in futures]
    failed = [run["cut"] for run in runs if run["estado"] != "Completed"]
    get_run_logger().info("%d municipios lanzados, %d con problemas", len(runs), len(failed))
    informe_nacional()
    if failed:
        raise RuntimeError(f"Municipios con problemas: {', '.join(failed)}")
    return runs


@flow(name="informe-avance", persist_result=True)
def informe_avance(region: str | None = None) -> str:
    """Publica el avance nacional (o de una región) como artefacto de Prefect."""
    return informe_nacional(region)
