"""`datamuni proteger` and `datamuni revisar-pii`: personal-data protection offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.csv as pacsv
import typer
from rich.table import Table

from datamuni.catalog import DatasetKind, catalog_from_settings
from datamuni.cli.app import app, build_settings, console, spanish_errors
from datamuni.errors import ConfigurationError
from datamuni.json_files import json_text
from datamuni.protection import Protector, redact_text
from datamuni.protection.audit import review_batches
from datamuni.protection.report import DETECTOR_NAMES, FieldAudit
from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from datamuni.sources.table import ROW_COLUMN

NUMERIC_TYPES = ("number", "integer")


def _kind(catalog: dict[str, DatasetKind], tipo: str | None) -> DatasetKind | None:
    """The kind named by `--tipo` (None when omitted)."""
    if tipo is None:
        return None
    if tipo not in catalog:
        raise ConfigurationError(
            f"Tipo `{tipo}` desconocido.", f"Use uno de: {', '.join(sorted(catalog))}."
        )
    return catalog[tipo]


def _findings_table(title: str, audits: dict[str, FieldAudit]) -> Table:
    """Detections per column with a masked example (never a value)."""
    table = Table(title=title)
    for header in ("Columna", "Acción", "Dato detectado", "Celdas", "Ejemplo enmascarado", "Fila"):
        table.add_column(header, justify="right" if header in ("Celdas", "Fila") else "left")
    for name, audit in audits.items():
        for kind, count in audit.detections.items():
            example = audit.examples.get(kind)
            table.add_row(
                redact_text(name.removeprefix("extra:")),
                audit.action,
                DETECTOR_NAMES[kind],
                f"{count:,}".replace(",", "."),
                example.masked if example else "",
                str(example.row) if example and example.row is not None else "",
            )
    return table


def _write_csv(batches: Iterator[pa.RecordBatch], target: Path, names: list[str]) -> int:
    """Stream protected batches into a UTF-8 CSV; returns the rows written."""
    rows = 0
    schema = pa.schema([(name, pa.string()) for name in names])
    with pacsv.CSVWriter(str(target), schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


@app.command("proteger")
@spanish_errors
def proteger(
    archivo: Annotated[
        str, typer.Argument(help="Archivo (CSV, XLSX, XLS, JSON) o URL a proteger.")
    ],
    tipo: Annotated[
        str | None, typer.Option("--tipo", "-t", help="Tipo de datos, p. ej. `remuneraciones`.")
    ] = None,
    municipio: Annotated[
        str | None, typer.Option("--municipio", "-m", help="Código CUT, p. ej. `05101`.")
    ] = None,
    salida: Annotated[
        Path | None,
        typer.Option("--salida", help="Carpeta de salida (por defecto, una carpeta de corrida)."),
    ] = None,
) -> None:
    """Aplica las reglas de protección y los detectores; escribe el CSV protegido y el reporte."""
    settings = build_settings()
    catalog = catalog_from_settings(settings)
    table = read_source(
        archivo, settings, kind=_kind(catalog, tipo), catalog=catalog, municipality=municipio
    )
    kind = catalog[table.kind]
    folder = _output_folder(settings, salida, municipio, kind)
    protector = Protector(kind, settings)
    target = folder / "protegido.csv"
    rows = _write_csv(
        protector.protect(table.batches()), target, protector.report.published_columns
    )
    report = protector.report
    report_path = report.write_json(folder / "proteccion.json")
    console.print(_findings_table("Datos personales encontrados", report.fields))
    console.print(
        f"{report.rows_in} filas leídas · {rows} publicables · "
        f"{report.cells_redacted()} celdas con datos eliminados · "
        f"columnas no publicadas: {len(report.unmapped_columns)}"
    )
    if report.k_anonymity:
        audit = report.k_anonymity
        console.print(
            f"k-anonimato: k = {audit['k_reached']} · filas suprimidas: {audit['suppressed_rows']}"
        )
    console.print(f"CSV protegido: {target}\nReporte: {report_path}")
    warnings = (
        report.findings() or report.unmapped_columns or report.k_anonymity.get("suppressed_rows")
    )
    raise typer.Exit(code=1 if warnings else 0)


def _output_folder(
    settings: Settings, salida: Path | None, municipio: str | None, kind: DatasetKind
) -> Path:
    """`--salida` (created if needed) or a fresh run folder."""
    if salida is None:
        return RunFolder.create(settings, municipio or "00000", kind.name, "proteger").path
    salida.mkdir(parents=True, exist_ok=True)
    return salida


@app.command("revisar-pii")
@spanish_errors
def revisar_pii(
    archivo: Annotated[str, typer.Argument(help="Archivo o URL a revisar.")],
    tipo: Annotated[
        str | None,
        typer.Option(
            "--tipo", "-t", help="Tipo de datos; sin él se revisa el archivo tal como viene."
        ),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Guardar el resultado en JSON.")
    ] = None,
) -> None:
    """Revisa cualquier archivo y lista los datos personales que se eliminarían (sin valores)."""
    settings = build_settings()
    if tipo is not None:
        catalog = catalog_from_settings(settings)
        table = read_source(archivo, settings, kind=_kind(catalog, tipo), catalog=catalog)
        numeric = frozenset(s.name for s in catalog[table.kind].fields if s.type in NUMERIC_TYPES)
        audits = review_batches(table.batches(), numeric)
        names = {column.batch_name: column.header for column in table.columns}
    else:
        batches, names = _raw_batches(archivo, settings)
        audits = review_batches(batches)
    shown = {names.get(name, name): audit for name, audit in audits.items()}
    found = {name: audit for name, audit in shown.items() if audit.detections}
    if found:
        console.print(_findings_table("Datos personales que se eliminarían", found))
    else:
        console.print("[green]No se encontraron datos personales.[/]")
    if json_path is not None:
        data = {name: {"celdas": a.cells, "detecciones": a.detections} for name, a in shown.items()}
        for name, audit in shown.items():
            data[name]["ejemplos"] = {k: vars(e) for k, e in audit.examples.items()}
        json_path.write_text(redact_text(json_text(data)), encoding="utf-8")
    raise typer.Exit(code=1 if found else 0)


def _raw_batches(
    archivo: str, settings: Settings
) -> tuple[Iterator[pa.RecordBatch], dict[str, str]]:
    """The file as written (no schema): raw text batches and their column headers."""
    from datamuni.sources.formats import open_location
    from datamuni.sources.raw import raw_name

    opened = open_location(archivo, settings, lambda cells: 0)
    names = {raw_name(position): header for position, header in enumerate(opened.raw.headers)}
    names[ROW_COLUMN] = ROW_COLUMN

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            yield from opened.raw.text_batches()
        finally:
            if opened.cleanup is not None:
                opened.cleanup()

    return batches(), names
