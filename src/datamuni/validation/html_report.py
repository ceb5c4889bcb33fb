"""The report as one self-contained Spanish HTML page (no scripts, no external files)."""

from __future__ import annotations

from html import escape
from typing import Any

from datamuni.validation.report import ValidationReport

STYLE = """body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:72rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}.ok{color:#1a7f37}.mal{color:#b42318}
.aviso{color:#9a6700}code{background:#f6f8fa;padding:0 .2rem}"""


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    """An HTML table with every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if c is None else str(c))}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _verdict(report: ValidationReport) -> str:
    """The headline: blocked, quarantined or clean."""
    if report.blocked:
        return f'<p class="mal"><strong>Bloqueado:</strong> {escape(report.block_reason or "")}</p>'
    if report.rows_quarantined:
        return (
            f'<p class="aviso"><strong>Con observaciones:</strong> {report.rows_quarantined} filas '
            "quedaron en cuarentena; el resto puede continuar.</p>"
        )
    return '<p class="ok"><strong>Sin errores:</strong> todas las filas son válidas.</p>'


def render_html(report: ValidationReport) -> str:
    """Render the whole page."""
    facts: list[list[Any]] = [
        ["Archivo", report.source],
        [
            "Tipo de datos",
            report.kind + (" (reconocido por los encabezados)" if report.kind_guessed else ""),
        ],
        ["Municipio", report.municipality or "—"],
        ["Periodo", report.period or "—"],
        ["Filas leídas", report.rows_total],
        ["Filas válidas", report.rows_valid],
        ["Filas en cuarentena", report.rows_quarantined],
        [
            "Proporción inválida",
            f"{report.invalid_ratio:.2%} (máximo {report.max_invalid_ratio:.0%})",
        ],
    ]
    summary = [
        [c.column or "—", c.rule, c.severity, c.total, c.message] for c in report.counts.values()
    ]
    details = [[f.row, f.column, f.rule, f.value, f.message, f.fix] for f in report.findings]
    placeholders = [[p["columna"], p["marcador"], p["celdas"]] for p in report.placeholders]
    parts = [
        '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">',
        f"<title>Reporte de validación — {escape(report.source)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Reporte de validación</h1>{_verdict(report)}",
        _table(["Dato", "Valor"], facts),
        "<h2>Resumen por regla</h2>",
        _table(["Columna", "Regla", "Gravedad", "Filas", "Explicación"], summary)
        if summary
        else "<p>Sin hallazgos.</p>",
        "<h2>Detalle (valores enmascarados)</h2>",
        _table(["Fila", "Columna", "Regla", "Valor", "Problema", "Qué hacer"], details)
        if details
        else "<p>Sin hallazgos.</p>",
    ]
    if placeholders:
        parts += [
            "<h2>Textos tratados como vacíos</h2>",
            _table(["Columna", "Texto", "Celdas"], placeholders),
        ]
    if report.unmapped_headers:
        parts += [
            "<h2>Columnas no reconocidas (no se publican)</h2>",
            "<ul>" + "".join(f"<li>{escape(h)}</li>" for h in report.unmapped_headers) + "</ul>",
        ]
    if report.checklist:
        parts += [
            "<h2>Lista de revisión</h2>",
            "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in report.checklist) + "</ul>",
        ]
    parts.append(
        "<p><small>La cuarentena (<code>cuarentena.csv</code>) contiene datos personales: "
        "queda solo en este equipo y nunca se publica.</small></p></body></html>"
    )
    return "\n".join(parts)
