"""Deterministic synthetic staff-pay file in the CPLT bulk layout (Latin-1, `;`, decimal comma).

Generated in fixed chunks of `CHUNK_ROWS` rows, each from its own seeded generator, so memory stays
bounded (10M rows) and the bytes depend only on `(rows, seed, bad_ratio)`. A manifest next to the
file lists every injected bad row and its kind.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.defects import BAD_KINDS, SCHEMA_BAD_KINDS, inject_defects
from benchmarks.vocabulary import (
    CALIFICACIONES,
    CARGOS,
    ESTAMENTOS,
    FIRST_NAMES,
    OBSERVACIONES,
    SURNAMES,
)
from datamuni.layouts import cplt_staff_headers

__all__ = ["BAD_KINDS", "SCHEMA_BAD_KINDS", "Generated", "ensure", "generate"]
CHUNK_ROWS = 100_000
PERIOD = "2026-10"
MUNICIPALITY = "05101"
HEADERS = cplt_staff_headers()
"""The CPLT bulk staff-pay columns, in file order (package data shared with the demo samples)."""


@dataclass(frozen=True)
class Generated:
    """A generated file and what was injected into it."""

    path: Path
    rows: int
    seed: int
    bad_rows: dict[str, int]
    sha256: str
    bytes: int

    @property
    def manifest_path(self) -> Path:
        """The manifest JSON beside the file."""
        return manifest_path(self.path)


def manifest_path(path: Path) -> Path:
    """Where the manifest of `path` lives."""
    return path.with_suffix(path.suffix + ".json")


def rut_check_digit(body: int) -> str:
    """The RUT check digit of `body` (modulo 11, weights 2..7)."""
    total, weight = 0, 2
    while body:
        total += (body % 10) * weight
        body //= 10
        weight = 2 if weight == 7 else weight + 1
    digit = 11 - total % 11
    return {11: "0", 10: "K"}.get(digit, str(digit))


def format_rut(body: int) -> str:
    """`12.345.678-5` (dotted, with its check digit)."""
    return f"{body:,}".replace(",", ".") + "-" + rut_check_digit(body)


def _pool(values: list[str] | tuple[str, ...]) -> pa.Array:
    return pa.array(list(values), pa.string())


def _pick(
    rng: np.random.Generator, pool: pa.Array, n: int, p: np.ndarray | None = None
) -> pa.Array:
    return pool.take(pa.array(rng.choice(len(pool), size=n, p=p)))


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _money(values: np.ndarray) -> pa.Array:
    """Integer pesos written as the CPLT files do: `3088479,0`."""
    return _join(pa.array(values.astype(np.int64)).cast(pa.string()), ",0")


def _dates(rng: np.random.Generator, n: int, first_year: int, last_year: int) -> pa.Array:
    """`dd/mm/aaaa` dates (day ≤ 28, so every one exists)."""
    day = pa.array(rng.integers(1, 29, n)).cast(pa.string())
    month = pa.array(rng.integers(1, 13, n)).cast(pa.string())
    year = pa.array(rng.integers(first_year, last_year + 1, n)).cast(pa.string())
    return _join(pc.utf8_lpad(day, 2, "0"), "/", pc.utf8_lpad(month, 2, "0"), "/", year)


class _Pools:
    """Value pools shared by every chunk (built once from a fixed seed)."""

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng([seed, 999_999])
        bodies = rng.integers(5_000_000, 26_000_000, 20_000)
        self.ruts = _pool([format_rut(int(b)) for b in bodies])
        self.mails = _pool(
            [
                f"{n.lower()}.{s.lower()}{i}@gmail.com".encode("ascii", "ignore").decode()
                for i, (n, s) in enumerate(zip(FIRST_NAMES * 40, SURNAMES * 30, strict=False))
            ]
        )
        self.phones = _pool(
            [f"{rng.integers(1000, 9999)} {rng.integers(1000, 9999)}" for _ in range(5000)]
        )
        self.first = _pool(FIRST_NAMES)
        self.surnames = _pool(SURNAMES)
        self.estamentos = _pool([name for name, _ in ESTAMENTOS])
        weights = np.array([w for _, w in ESTAMENTOS], dtype=float)
        self.estamento_p = weights / weights.sum()
        self.cargos = _pool(CARGOS)
        self.calificaciones = _pool(CALIFICACIONES)
        self.grados = _pool([str(g) for g in range(1, 21)])


def _chunk(pools: _Pools, rng: np.random.Generator, first_id: int, n: int) -> dict[str, pa.Array]:
    """One chunk of clean rows, column by column."""

    def const(value: str) -> pa.Array:
        return pa.array([value] * n, pa.string())

    gross = np.round(rng.lognormal(13.6, 0.55, n)).clip(350_000, 9_000_000)
    net = np.round(gross * rng.uniform(0.68, 0.9, n))
    additional = np.where(rng.random(n) < 0.2, np.round(rng.uniform(20_000, 300_000, n)), 0)
    bonus = np.where(rng.random(n) < 0.3, np.round(rng.uniform(10_000, 450_000, n)), 0)
    cols: dict[str, pa.Array] = {}
    ids = pa.array(np.arange(first_id, first_id + n)).cast(pa.string())
    cols["idPagina"] = ids
    cols["idPaginaPadre"] = const("5410")
    cols["camino"] = const("Personal y remuneraciones/Personal a contrata/2026/Octubre")
    cols["organismo_nombre"] = const("Municipalidad de Valparaíso")
    cols["organismo_codigo"] = const("MU268")
    cols["fecha_publicacion"] = const("2026/11/09")
    cols["anyo"] = const("2026")
    cols["Mes"] = const("10")
    cols["Tipo Estamento"] = _pick(rng, pools.estamentos, n, pools.estamento_p)
    second = _pick(rng, pools.first, n)
    cols["Nombres"] = _join(_pick(rng, pools.first, n), " ", second)
    cols["Paterno"] = _pick(rng, pools.surnames, n)
    cols["Materno"] = _pick(rng, pools.surnames, n)
    cols["grado_eus"] = _pick(rng, pools.grados, n)
    cols["tipo_calificacionp"] = _pick(rng, pools.calificaciones, n)
    cols["Tipo cargo"] = _pick(rng, pools.cargos, n)
    cols["region"] = const("Región de Valparaíso")
    cols["asignaciones"] = pc.if_else(
        pa.array(rng.random(n) < 0.4), "Asignación municipal Art. 24 y 31 DL 3551", ""
    )
    cols["Tipo Unidad monetaria"] = const("Pesos")
    cols["remuneracionbruta_mensual"] = _money(gross)
    cols["Tipo Unidad monetaria remuneracion liquida"] = const("Pesos")
    cols["remuliquida_mensual"] = _money(net)
    cols["Tipo Unidad monetaria remuneracion adicional"] = const("Pesos")
    cols["remu_adicional"] = _money(additional)
    cols["Tipo unidad monetaria remuneracion bonos incentivos"] = const("Pesos")
    cols["remu_bonoin"] = _money(bonus)
    overtime = rng.random(n) < 0.25
    cols["horasextra"] = pc.if_else(pa.array(overtime), "Sí", "No")
    for label, share in (("diurnas", 1.0), ("nocturnas", 0.4), ("festivas", 0.2)):
        hours = np.where(overtime & (rng.random(n) < share), rng.integers(1, 40, n), 0)
        cols[f"Tipo de unidad monetaria horas {label}"] = const("Pesos")
        cols[f"Pago extra {label}"] = _money(hours * rng.integers(4_000, 9_000, n))
        cols[f"Horas extra {label}"] = pa.array(hours).cast(pa.string())
    cols["fecha_ingreso"] = _dates(rng, n, 1985, 2025)
    contrata = pa.array(rng.random(n) < 0.7)
    cols["fecha_termino"] = pc.if_else(contrata, "31/12/2026", "Indefinido")
    cols["observaciones"] = _observations(pools, rng, n)
    cols["enlace"] = _join("https://www.portaltransparencia.cl/PortalPdT/ficha?org=MU268&id=", ids)
    cols["Tipo unidad monetaria viaticos"] = const("Pesos")
    travel = np.where(rng.random(n) < 0.05, np.round(rng.uniform(15_000, 200_000, n)), 0)
    cols["viaticos"] = _money(travel)
    cols["activado"] = const("1")
    return cols


def _observations(pools: _Pools, rng: np.random.Generator, n: int) -> pa.Array:
    """Mostly empty free text; some cells carry a valid RUT, an e-mail or a phone."""
    which = rng.choice(len(OBSERVACIONES) + 1, size=n, p=[0.85, 0.05, 0.03, 0.03, 0.02, 0.01, 0.01])
    rut = _pick(rng, pools.ruts, n)
    mail = _pick(rng, pools.mails, n)
    phone = _pick(rng, pools.phones, n)
    texts: list[pa.Array] = [pa.array([""] * n, pa.string())]
    for template in OBSERVACIONES:
        head, _, rest = template.partition("{")
        if not rest:
            texts.append(pa.array([template] * n, pa.string()))
            continue
        name, _, tail = rest.partition("}")
        value = {"rut": rut, "mail": mail, "phone": phone}[name]
        texts.append(_join(head, value, tail))
    choice = pa.array(which.astype(np.int8))
    return pc.choose(choice, *texts)


def generate(path: Path, rows: int, *, seed: int = 20261026, bad_ratio: float = 0.001) -> Generated:
    """Write `rows` rows to `path` (streaming, bounded memory) plus a manifest; return facts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pools = _Pools(seed)
    digest = hashlib.sha256()
    bad_rows: list[tuple[int, str]] = []
    size = 0
    partial = path.with_suffix(path.suffix + ".partial")
    with partial.open("wb") as out:
        header = (";".join(HEADERS) + "\n").encode("latin-1")
        out.write(header)
        digest.update(header)
        size += len(header)
        for index, start in enumerate(range(0, rows, CHUNK_ROWS)):
            n = min(CHUNK_ROWS, rows - start)
            rng = np.random.default_rng([seed, index])
            cols = _chunk(pools, rng, 1_000_000 + start, n)
            bad = round(n * bad_ratio)
            for offset, kind in inject_defects(cols, rng, n, bad):
                bad_rows.append((start + offset + 2, kind))  # line number: header is line 1
            data = _encode(cols)
            out.write(data)
            digest.update(data)
            size += len(data)
    partial.replace(path)
    result = Generated(
        path, rows, seed, dict(Counter(k for _, k in bad_rows)), digest.hexdigest(), size
    )
    manifest = {
        "rows": rows,
        "seed": seed,
        "bad_ratio": bad_ratio,
        "sha256": result.sha256,
        "bytes": size,
        "bad_rows": result.bad_rows,
        "bad_row_numbers": {str(line): kind for line, kind in bad_rows},
    }
    manifest_path(path).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return result


def _quoted(values: pa.Array) -> pa.Array:
    """Quote only the cells that hold `;`, quotes or line breaks (as spreadsheet exports do)."""
    needs = pc.match_substring_regex(values, '[;"\\n]')
    if not pc.any(needs).as_py():
        return values
    escaped = _join('"', pc.replace_substring(values, '"', '""'), '"')
    return pc.if_else(needs, escaped, values)


def _encode(cols: dict[str, pa.Array]) -> bytes:
    """CSV lines (no header) as Latin-1 bytes."""
    lines = pc.binary_join_element_wise(*(_quoted(cols[h]) for h in HEADERS), ";")
    return ("\n".join(lines.to_pylist()) + "\n").encode("latin-1")


def ensure(path: Path, rows: int, *, seed: int = 20261026, bad_ratio: float = 0.001) -> Generated:
    """Reuse `path` when its manifest matches (rows, seed, ratio, size); else generate it."""
    manifest = manifest_path(path)
    if path.is_file() and manifest.is_file():
        facts = json.loads(manifest.read_text(encoding="utf-8"))
        same = (facts.get("rows"), facts.get("seed"), facts.get("bad_ratio")) == (
            rows,
            seed,
            bad_ratio,
        )
        if same and facts.get("bytes") == path.stat().st_size:
            return Generated(path, rows, seed, facts["bad_rows"], facts["sha256"], facts["bytes"])
    return generate(path, rows, seed=seed, bad_ratio=bad_ratio)
