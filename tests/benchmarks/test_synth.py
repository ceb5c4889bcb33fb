"""The benchmark generator: deterministic, in the CPLT bulk layout, with valid RUTs and bad rows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks import synth
from datamuni.catalog import catalog_from_settings
from datamuni.settings import Settings
from datamuni.sources.read import read_source

RUT = re.compile(r"\b(\d{1,2}\.\d{3}\.\d{3})-([\dK])\b")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> synth.Generated:
    folder = tmp_path_factory.mktemp("synth")
    return synth.generate(folder / "a.csv", 3_000, seed=7, bad_ratio=0.01)


def test_same_seed_same_bytes(small: synth.Generated, tmp_path: Path) -> None:
    again = synth.generate(tmp_path / "b.csv", 3_000, seed=7, bad_ratio=0.01)
    assert again.sha256 == small.sha256
    assert again.path.read_bytes() == small.path.read_bytes()


def test_other_seed_other_bytes(small: synth.Generated, tmp_path: Path) -> None:
    other = synth.generate(tmp_path / "c.csv", 3_000, seed=8, bad_ratio=0.01)
    assert other.sha256 != small.sha256


def test_layout_is_cplt_bulk(small: synth.Generated) -> None:
    lines = small.path.read_bytes().decode("latin-1").splitlines()
    assert lines[0].split(";") == list(synth.HEADERS)
    assert len(synth.HEADERS) == 42
    assert len(lines) == 3_001
    assert any(",0;" in line for line in lines[1:])  # decimal comma
    with pytest.raises(UnicodeDecodeError):
        small.path.read_bytes().decode("utf-8")  # Latin-1, with accents


def test_bad_rows_match_the_manifest(small: synth.Generated) -> None:
    manifest = json.loads(small.manifest_path.read_text(encoding="utf-8"))
    assert sum(manifest["bad_rows"].values()) == 30
    assert set(manifest["bad_rows"]) <= set(synth.BAD_KINDS)
    lines = small.path.read_bytes().decode("latin-1").splitlines()
    for number, kind in manifest["bad_row_numbers"].items():
        if kind == "mes-fuera-de-rango":
            assert lines[int(number) - 1].split(";")[7] == "13"


def test_ruts_in_observaciones_are_valid(small: synth.Generated) -> None:
    text = small.path.read_bytes().decode("latin-1")
    found = RUT.findall(text)
    assert len(found) > 50
    for body, digit in found:
        assert synth.rut_check_digit(int(body.replace(".", ""))) == digit


def test_check_digit_examples() -> None:
    assert synth.format_rut(12_345_678) == "12.345.678-5"
    assert synth.rut_check_digit(6_000_000) == "K"  # 11 - 10 = K


def test_every_header_maps_to_the_schema(small: synth.Generated, tmp_path: Path) -> None:
    settings = Settings(project_dir=Path(__file__).resolve().parents[2], runs_dir=tmp_path)
    catalog = catalog_from_settings(settings)
    table = read_source(small.path, settings, kind=catalog["remuneraciones"], catalog=catalog)
    assert table.unmapped_headers == []
    assert table.encoding == "latin-1" and table.delimiter == ";"
    assert sum(batch.num_rows for batch in table.batches()) == 3_000


def test_ensure_reuses_a_matching_file(small: synth.Generated) -> None:
    before = small.path.stat().st_mtime_ns
    again = synth.ensure(small.path, 3_000, seed=7, bad_ratio=0.01)
    assert again.sha256 == small.sha256
    assert small.path.stat().st_mtime_ns == before
