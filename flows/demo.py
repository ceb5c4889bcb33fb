"""`make demo`: national publication of the bundled sample data through the real deployments.

Prepares each configured municipality in the local CKAN (organization, editor, token kept in a
Prefect Secret block), registers the deployments, runs `publicar-nacional` on the work pool and
prints the CKAN URLs, the Prefect UI URL and the national progress table.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from prefect.blocks.system import Secret
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from rich.console import Console
from rich.table import Table

from datamuni.catalog import catalog_from_settings
from datamuni.comuna_lookup import resolve_comuna
from datamuni.errors import DatamuniError
from datamuni.municipalities import MunicipalityConfig, load_all
from datamuni.progress import Event, ProgressStore, Stage
from datamuni.publishing.bootstrap import prepare_municipality
from datamuni.settings import Settings
from flows.deploy import deploy_all

NATIONAL_DEPLOYMENT = "publicar-nacional/mensual"
REPORT_DEPLOYMENT = "informe-avance/diario"
console = Console()


def ensure_pseudonym_key(settings: Settings) -> None:
    """Create the local stack's pseudonym key once (mode 600); production sets its own."""
    if settings.pseudonym_secret() is not None:
        return
    path = settings.resolve(settings.state_dir) / "seudonimos.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")


def prepare_municipalities(settings: Settings, configs: list[MunicipalityConfig]) -> None:
    """Organization, editor and token per municipality; the token goes to its Secret block."""
    sysadmin = settings.ckan_api_token()
    if sysadmin is None:
        raise DatamuniError(
            "No hay token de administrador de CKAN.", "Ejecute `datamuni stack levantar`."
        )
    groups = sorted({kind.catalog.group for kind in catalog_from_settings(settings).values()})
    for config in configs:
        block = config.token.secreto_prefect
        # An operator-set environment token must keep working: only tokens the demo hands to a
        # Secret block are rotated
        rotate = block is not None
        comuna = resolve_comuna(config.cut)
        done = prepare_municipality(settings, sysadmin, comuna, groups, revoke_previous=rotate)
        if block is None:
            continue  # token referenced by an environment variable: set by the operator
        Secret(value=done.token.get_secret_value()).save(block, overwrite=True)
        console.print(f"  {config.cut}: organización `{done.organization}` lista")


def declare_stages(settings: Settings, configs: list[MunicipalityConfig]) -> None:
    """Record the declared MGTM stages of the demo municipalities (idempotent event ids)."""
    with ProgressStore(settings.progress_url()) as store:
        for config in configs:
            store.record_event(
                Event.stage_reached(config.cut, Stage.ADHESION, event_id=f"demo-adh-{config.cut}")
            )
            store.record_event(
                Event.stage_reached(config.cut, Stage.CONTRAPARTE, event_id=f"demo-cp-{config.cut}")
            )
            for kind in sorted(config.fuentes):
                store.record_event(
                    Event.stage_reached(
                        config.cut,
                        Stage.INVENTARIO,
                        kind=kind,
                        event_id=f"demo-inv-{config.cut}-{kind}",
                    )
                )


def run_and_wait(name: str, parameters: dict[str, object]) -> FlowRun:
    """Run a deployment on the work pool and wait for its final state."""
    flow_run = run_deployment(name, parameters=parameters, timeout=1800, poll_interval=3)
    assert isinstance(flow_run, FlowRun)
    return flow_run


def print_datasets(runs: list[dict[str, str]]) -> None:
    """One line per published dataset: its CKAN URL."""
    table = Table(title="Conjuntos de la demostración")
    table.add_column("Municipio")
    table.add_column("Tipo")
    table.add_column("Resultado")
    for run in runs:
        table.add_row(run["cut"], run["tipo"], run["resultado"])
    console.print(table)
    for run in runs:
        if run["url"]:
            console.print(f"  {run['url']}", soft_wrap=True, highlight=False)


def collect_results(settings: Settings) -> list[dict[str, str]]:
    """The last run of every configured dataset, from the progress store and CKAN names."""
    from datamuni.packaging import names

    rows = []
    with ProgressStore(settings.progress_url()) as store:
        for config in load_all(settings):
            comuna = resolve_comuna(config.cut)
            events = [e for e in store.events(config.cut) if e.kind and e.outcome]
            for kind in sorted(config.fuentes):
                last = [e for e in events if e.kind == kind]
                outcome = str(last[-1].outcome) if last else "sin ejecutar"
                url = None
                if outcome in ("publicado", "en cuarentena"):
                    url = f"{settings.ckan_url}/dataset/{names.dataset_name(kind, comuna)}"
                rows.append(
                    {"cut": config.cut, "tipo": kind, "resultado": outcome, "url": url or ""}
                )
    return rows


def main() -> int:
    """Run the whole demo; exit 0 when the national run completed."""
    settings = Settings()
    try:
        ensure_pseudonym_key(settings)
        configs = load_all(settings)
        console.print(f"[bold]1.[/] Preparando {len(configs)} municipios en {settings.ckan_url}")
        prepare_municipalities(settings, configs)
        declare_stages(settings, configs)
        console.print("[bold]2.[/] Registrando despliegues en Prefect")
        for name in deploy_all(Path(__file__).resolve().parent.parent):
            console.print(f"  {name}")
        console.print("[bold]3.[/] Ejecutando publicar-nacional en el pool de workers")
        national = run_and_wait(NATIONAL_DEPLOYMENT, {})
        run_and_wait(REPORT_DEPLOYMENT, {})
    except DatamuniError as error:
        console.print(f"[red]Error:[/] {error}", highlight=False)
        return 2
    print_datasets(collect_results(settings))
    ui = settings.prefect_api_url.removesuffix("/api")
    console.print(f"Interfaz de Prefect: {ui}/runs/flow-run/{national.id}")
    console.print(f"Catálogo CKAN: {settings.ckan_url}/dataset")
    state = national.state.name if national.state else "desconocido"
    console.print(f"Estado de publicar-nacional: {state}")
    return 0 if national.state and national.state.is_completed() else 1


if __name__ == "__main__":
    sys.exit(main())
