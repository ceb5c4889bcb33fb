"""RUT/RUN in every written form, validated by the modulo-11 check digit computed on arrays."""

from __future__ import annotations

import polars as pl

from datamuni.protection.detectors.base import LABELS, Scan, false_mask

KIND = "rut"
COMPANY_KIND = "rut_empresa"
COMPANY_FROM = 50_000_000
"""Bodies from here up are legal persons (companies, associations) as a rule."""

TOKEN = r"\d+(?:\.\d+)*(?:\s?[-‐–]\s?[0-9kK]\d*|[kK])?"  # noqa: S105
"""Maximal digit runs (dots between digits), with an optional `-DV` or trailing `k`."""
SHAPE = (
    r"^(?:\d{1,2}\.\d{3}\.\d{3}\s?[-‐–]\s?[0-9kK]"
    r"|\d{7,8}\s?[-‐–]\s?[0-9kK]"
    r"|\d{7,8}[0-9kK])$"
)
"""The written forms of a RUT: `12.345.678-5`, `12345678-5`, `123456785`, `1234567k`."""
GATE = r"\d\.\d{3}\.\d{3}|\d{8}|\d{7}(?:\s?[-‐–]\s?[0-9kK]|[kK])"
"""What every text holding a `SHAPE` token contains (cheap pre-check). Seven digits alone do not
pass: record ids and links (`ficha?id=1000000`) would send every cell to the full scan."""
_WEIGHTS = (2, 3, 4, 5, 6, 7, 2, 3)


def check_digit_expr(body: pl.Expr) -> pl.Expr:
    """Expected check digit (`0`-`9` or `K`) of an integer body column, vectorized."""
    total = pl.lit(0, dtype=pl.Int64)
    for position, weight in enumerate(_WEIGHTS):
        total = total + ((body // (10**position)) % 10) * weight
    remainder = 11 - total % 11
    return (
        pl.when(remainder == 11)
        .then(pl.lit("0"))
        .when(remainder == 10)
        .then(pl.lit("K"))
        .otherwise(remainder.cast(pl.String))
    )


def validate_tokens(tokens: pl.Series) -> pl.DataFrame:
    """For candidate tokens: `valid` (shape and check digit) and `company` (body ≥ 50.000.000)."""
    frame = pl.DataFrame({"token": tokens})
    clean = pl.col("token").str.replace_all(r"[^0-9kK]", "").str.to_uppercase()
    frame = frame.with_columns(clean.alias("clean"))
    frame = frame.with_columns(
        pl.col("clean")
        .str.slice(0, pl.col("clean").str.len_chars() - 1)
        .cast(pl.Int64, strict=False)  # any token may come here: not a number → not a RUT
        .alias("body"),
        pl.col("clean").str.slice(-1).alias("dv"),
    )
    shaped = pl.col("token").str.contains(SHAPE)
    return frame.select(
        "token",
        (shaped & (check_digit_expr(pl.col("body")) == pl.col("dv")))
        .fill_null(False)
        .alias("valid"),
        (pl.col("body") >= COMPANY_FROM).fill_null(False).alias("company"),
    )


def scan(series: pl.Series, allow: frozenset[str] = frozenset()) -> Scan:
    """Find RUTs with a valid check digit; company RUTs pass when `rut_empresa` is allowed."""
    cells = pl.DataFrame({"row": pl.int_range(series.len(), eager=True), "token": series})
    tokens = (
        cells.with_columns(pl.col("token").str.extract_all(TOKEN))
        .explode("token")
        .drop_nulls("token")
    )
    tokens = tokens.filter(pl.col("token").str.contains(SHAPE))
    if tokens.height == 0:
        return Scan({KIND: false_mask(series), COMPANY_KIND: false_mask(series)}, series)
    checked = pl.concat(
        [tokens.select("row"), validate_tokens(tokens["token"]).drop("token")], how="horizontal"
    )
    checked = checked.with_columns(tokens["token"])
    person = checked.filter(pl.col("valid") & ~pl.col("company"))
    company = checked.filter(pl.col("valid") & pl.col("company"))
    masks = {KIND: _rows_mask(series, person["row"])}
    redact = person
    if COMPANY_KIND not in allow:
        masks[COMPANY_KIND] = _rows_mask(series, company["row"])
        redact = pl.concat([person, company])
    else:
        masks[COMPANY_KIND] = false_mask(series)
    if redact.height == 0:
        return Scan(masks, series)
    found = sorted(set(redact["token"].to_list()), key=len, reverse=True)
    flagged = _rows_mask(series, redact["row"])
    replaced = series.str.replace_many(found, [LABELS[KIND]] * len(found))
    redacted = pl.select(pl.when(flagged).then(replaced).otherwise(series)).to_series()
    return Scan(masks, redacted.alias(series.name))


def _rows_mask(series: pl.Series, rows: pl.Series) -> pl.Series:
    """Boolean mask of `series`' length, true at the given row positions."""
    return pl.int_range(series.len(), eager=True).is_in(rows.unique()).alias(series.name)


def is_valid_rut(text: str) -> bool:
    """Whether `text` is exactly one RUT in an accepted form with a correct check digit."""
    checked = validate_tokens(pl.Series([text.strip()]))
    return bool(checked["valid"][0])
