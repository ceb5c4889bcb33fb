"""RUT detection: every written form, check digit on arrays, agreement with python-stdnum."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cl import rut as stdnum_rut

from datamuni.protection.detectors import rut


def check_digit(body: int) -> str:
    """Reference check digit, written from the definition in DOMAIN.md."""
    total, weight = 0, 2
    for digit in reversed(str(body)):
        total += int(digit) * weight
        weight = 2 if weight == 7 else weight + 1
    remainder = 11 - total % 11
    return {11: "0", 10: "K"}.get(remainder, str(remainder))


def forms(body: int, digit: str) -> list[str]:
    """Every accepted written form of one RUT."""
    dotted = f"{body:,}".replace(",", ".")
    return [
        f"{dotted}-{digit}",
        f"{body}-{digit}",
        f"{body}{digit}",
        f"{dotted}-{digit.lower()}",
        f"{body}{digit.lower()}",
        f"{dotted} - {digit}",
    ]


bodies = st.integers(min_value=1_000_000, max_value=99_999_999)


@settings(max_examples=200, deadline=None)
@given(bodies)
def test_vectorized_check_digit_matches_definition_and_stdnum(body: int) -> None:
    expected = pl.select(rut.check_digit_expr(pl.lit(body, dtype=pl.Int64))).item()
    assert expected == check_digit(body)
    assert expected == stdnum_rut.calc_check_digit(str(body))


@settings(max_examples=150, deadline=None)
@given(
    bodies,
    st.sampled_from(["RUT ", "rut: ", "el ", "", "RUN"]),
    st.sampled_from([".", " ", ", ok", ""]),
)
def test_every_form_is_found_inside_sentences(body: int, before: str, after: str) -> None:
    digit = check_digit(body)
    cells = [f"{before}{form}{after}" for form in forms(body, digit)]
    result = rut.scan(pl.Series("c", cells))
    kind = "rut_empresa" if body >= rut.COMPANY_FROM else "rut"
    assert result.masks[kind].all()
    assert result.redacted is not None
    for text in result.redacted.to_list():
        assert str(body) not in text.replace(".", "")
        assert stdnum_rut.is_valid(f"{body}{digit}")


@settings(max_examples=150, deadline=None)
@given(bodies, st.sampled_from("0123456789K"))
def test_wrong_check_digit_is_never_stripped(body: int, digit: str) -> None:
    if digit == check_digit(body):
        return
    cells = forms(body, digit)
    result = rut.scan(pl.Series("c", cells))
    assert not result.masks["rut"].any()
    assert not result.masks["rut_empresa"].any()
    assert result.redacted is not None
    assert result.redacted.to_list() == cells
    assert not stdnum_rut.is_valid(f"{body}{digit}")


def test_company_ruts_are_tolerated_only_when_allowed() -> None:
    cells = pl.Series("c", ["Proveedor 76.086.428-5", "Persona 12.345.678-5"])
    allowed = rut.scan(cells, frozenset({"rut_empresa"}))
    assert allowed.redacted is not None
    assert allowed.redacted.to_list() == ["Proveedor 76.086.428-5", "Persona [RUT eliminado]"]
    strict = rut.scan(cells)
    assert strict.redacted is not None
    assert strict.redacted.to_list() == ["Proveedor [RUT eliminado]", "Persona [RUT eliminado]"]


def test_amounts_dates_codes_are_not_ruts() -> None:
    cells = [
        "12.345.678",
        "$ 12.345.678",
        "12.345.678-0",
        "2024-01-15",
        "13101",
        "1234567.5",
        "grado 12",
    ]
    result = rut.scan(pl.Series("c", cells))
    assert not result.masks["rut"].any()
    assert result.redacted is not None
    assert result.redacted.to_list() == cells


def test_is_valid_rut() -> None:
    assert rut.is_valid_rut("12.345.678-5")
    assert rut.is_valid_rut("1234567-4")
    assert not rut.is_valid_rut("1234567-5")


def test_masked_example_among_other_numbers() -> None:
    from datamuni.protection.masking import masked_example

    text = "Pago 5 de 12 a 12.345.678-5 fono 9 8765 4321"
    assert masked_example("rut", text) == "12.***.***-*"
    assert not rut.is_valid_rut("5")
    assert not rut.is_valid_rut("")
