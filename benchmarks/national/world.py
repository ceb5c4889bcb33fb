"""The benchmark's own world in a scratch folder: catalogue, 345 municipalities, sources, settings.

The catalogue is the project's (`schemas/`, `validators/`) with every kind renamed `nac_<kind>`,
so the datasets (`nac-<kind>-<comuna>`) never touch the demo's; runs, packages and state live in
the scratch folder too. Sources are written only when their bytes differ (stable mtimes).
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from benchmarks.national.rows import KINDS
from datamuni.packaging import names
from datamuni.settings import Settings
from datamuni.territory import Comuna, municipalities, organization_slug

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = Path.home() / ".cache" / "datamuni" / "benchmarks" / "nacional"
PREFIX = "nac_"
PERIOD = "2026-10"
TOKEN_VARIABLE = "DATAMUNI_NACIONAL_TOKEN"
PSEUDONYM_KEY = SecretStr("clave-de-seudonimos-solo-para-el-benchmark-nacional")
"""Not a secret: the benchmark's own synthetic data, never real people."""


@dataclass(frozen=True)
class Job:
    """One dataset of the benchmark: municipality × kind × period and its source file."""

    comuna: Comuna
    kind: str
    period: str
    source: Path

    @property
    def dataset(self) -> str:
        """The CKAN dataset name."""
        return names.dataset_name(self.kind, self.comuna)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly it; True when written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def copy_catalog(folder: Path, prefix: str = PREFIX, only: list[str] | None = None) -> list[str]:
    """Copy schemas and suites under `folder`, each kind renamed `<prefix><kind>`; the names."""
    kinds = []
    for kind in sorted(only or KINDS):
        renamed = prefix + kind
        schema = (ROOT / "schemas" / f"{kind}.yaml").read_text(encoding="utf-8")
        schema = re.sub(r"^name: .*$", f"name: {renamed}", schema, count=1, flags=re.M)
        write_if_changed(folder / "schemas" / f"{renamed}.yaml", schema.encode())
        suite = (ROOT / "validators" / f"{kind}.yaml").read_text(encoding="utf-8")
        suite = re.sub(r"^suite: .*$", f"suite: {renamed}", suite, count=1, flags=re.M)
        write_if_changed(folder / "validators" / f"{renamed}.yaml", suite.encode())
        kinds.append(renamed)
    return kinds


def source_bytes(comuna: Comuna, kind: str, period: str, rows: int) -> bytes:
    """The CSV of one municipality × kind (seeded by CUT, kind and period)."""
    rng = random.Random(f"{comuna.code}/{kind}/{period}")
    year, month = (int(part) for part in period.split("-"))
    records = [KINDS[kind](rng, comuna, year, month, index) for index in range(rows)]
    header = list(dict.fromkeys(key for record in records for key in record))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


def config_text(comuna: Comuna, kinds: list[str], period: str) -> str:
    """`municipios/<cut>.yaml` of a synthetic municipality (token by environment variable)."""
    lines = [
        f"# Municipalidad de {comuna.name}: configuración sintética del benchmark nacional.",
        f'cut: "{comuna.code}"',
        f'comuna: "{comuna.name}"',
        f"organizacion_ckan: {organization_slug(comuna)}",
        "token:",
        f"  variable_entorno: {TOKEN_VARIABLE}",
        "contraparte:",
        "  nombre: Encargada de Transparencia",
        "  cargo: Contraparte técnica MGTM",
        f"  correo: transparencia@muni{comuna.code}.cl",
        "fuentes:",
    ]
    for kind in kinds:
        lines += [f"  {kind}:", f"    ruta: {kind}-{{periodo}}.csv", f'    periodo: "{period}"']
    return "\n".join(lines) + "\n"


def build_world(
    folder: Path,
    count: int,
    rows: int,
    period: str = PERIOD,
    prefix: str = PREFIX,
    only: list[str] | None = None,
) -> list[Job]:
    """Catalogue, configurations and sources of the first `count` municipalities (by CUT)."""
    kinds = copy_catalog(folder, prefix, only)
    chosen = sorted(municipalities(), key=lambda comuna: comuna.code)[:count]
    jobs = []
    for comuna in chosen:
        config = config_text(comuna, kinds, period).encode("utf-8")
        write_if_changed(folder / "municipios" / f"{comuna.code}.yaml", config)
        for kind in kinds:
            path = folder / "municipios" / comuna.code / f"{kind}-{period}.csv"
            write_if_changed(path, source_bytes(comuna, kind.removeprefix(prefix), period, rows))
            jobs.append(Job(comuna, kind, period, path))
    return jobs


def bench_settings(folder: Path, ckan_url: str, **extra: object) -> Settings:
    """Settings rooted at the scratch folder: nothing of the demo's is read or written."""
    return Settings(
        project_dir=folder,
        runs_dir=folder / "runs",
        datapackages_dir=folder / "datapackages",
        municipios_dir=folder / "municipios",
        state_dir=folder / "state",
        ckan_url=ckan_url,
        pseudonym_key=PSEUDONYM_KEY,
        **extra,  # type: ignore[arg-type]
    )


def bench_environment(folder: Path, ckan_url: str) -> dict[str, str]:
    """The same settings as `DATAMUNI_*` variables (for Prefect workers)."""
    return {
        "DATAMUNI_PROJECT_DIR": str(folder),
        "DATAMUNI_RUNS_DIR": str(folder / "runs"),
        "DATAMUNI_DATAPACKAGES_DIR": str(folder / "datapackages"),
        "DATAMUNI_MUNICIPIOS_DIR": str(folder / "municipios"),
        "DATAMUNI_STATE_DIR": str(folder / "state"),
        "DATAMUNI_CKAN_URL": ckan_url,
        "DATAMUNI_PSEUDONYM_KEY": PSEUDONYM_KEY.get_secret_value(),
    }
