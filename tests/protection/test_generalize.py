"""generalizar: dates → month/year, ages → bands, amounts → ranges, addresses → comuna."""

from __future__ import annotations

import polars as pl

from datamuni.protection.generalize import generalize


def run(values: list[str | None], **params: object) -> list[str | None]:
    """Generalize a small column."""
    return generalize(pl.Series("c", values), dict(params)).to_list()


def test_dates() -> None:
    assert run(["2024-03-15", "1999-12-31", None, "sin fecha"], to="mes") == [
        "2024-03",
        "1999-12",
        None,
        None,
    ]
    assert run(["2024-03-15"], to="anio") == ["2024"]


def test_age_bands_and_ranges() -> None:
    assert run(["5", "17", "18", "44", "80", "abc", "-1"], to="banda_edad") == [
        "0-17", "0-17", "18-29", "30-44", "75+", None, None,
    ]  # fmt: skip
    assert run(["250000", "1200000.5", "999999"], to="rango", bands=[0, 500000, 1000000]) == [
        "0-499999", "1000000+", "500000-999999",
    ]  # fmt: skip


def test_address_to_comuna() -> None:
    assert run(["Calle Los Aromos 1234, Maipú", "Av. Matta 45", None], to="comuna") == [
        "Maipú",
        None,
        None,
    ]
    comuna = pl.Series("comuna", ["Maipú"])
    assert generalize(pl.Series("d", ["Calle 1 123"]), {"to": "comuna"}, comuna).to_list() == [
        "Maipú"
    ]


def test_birth_dates_become_age_bands() -> None:
    from datetime import date

    from datamuni.protection.generalize import ages

    born = pl.Series(["2000-06-15", "2000-06-16", "40", None, "ayer"])
    assert ages(born, date(2024, 6, 15)).to_list() == [24.0, 23.0, 40.0, None, None]
    assert run(["1950-01-01"], to="banda_edad") == ["75+"]
