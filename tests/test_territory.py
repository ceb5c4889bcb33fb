"""Comunas reference and resolver: codes, names, spelling variants, external codes, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from datamuni.comuna_lookup import resolve_comuna
from datamuni.errors import ConfigurationError
from datamuni.territory import (
    all_comunas,
    comuna_by_code,
    load_code_mappings,
    municipalities,
    organization_slug,
    slug,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_CSV = SHARED / "reference/comunas/cut_2018_v04_from_xls.csv"


def test_counts_of_the_cut_list() -> None:
    comunas = all_comunas()
    assert len(comunas) == 346
    assert len(municipalities()) == 345
    assert "12202" not in {comuna.code for comuna in municipalities()}
    assert len({comuna.province_code for comuna in comunas}) == 56
    assert sorted({comuna.region_code for comuna in comunas}) == [f"{n:02d}" for n in range(1, 17)]
    assert all(len(comuna.code) == 5 and comuna.code.isdigit() for comuna in comunas)


@pytest.mark.skipif(not SHARED_CSV.is_file(), reason="../shared not available")
def test_package_data_equals_the_subdere_csv() -> None:
    shipped = Path(__file__).resolve().parents[1] / "src/datamuni/data/comunas_cut_2018_v04.csv"
    assert shipped.read_bytes() == SHARED_CSV.read_bytes()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("05101", "05101"),
        ("5101", "05101"),
        (" 13101 ", "13101"),
        ("Viña del Mar", "05109"),
        ("VINA DEL MAR", "05109"),
        ("Municipalidad de Valparaíso", "05101"),
        ("I. Municipalidad de Los Ángeles", "08301"),
        ("Ilustre Municipalidad de Ñuñoa", "13120"),
        ("Los Angeles", "08301"),
        ("Aysén", "11201"),
        ("Aisén", "11201"),
        ("Coyhaique", "11101"),
        ("COIHAIQUE", "11101"),
        ("Ránquil", "16206"),
        ("Ranquil", "16206"),
        ("O'Higgins", "11302"),
        ("OHiggins", "11302"),
        ("Tiltil", "13303"),
        ("TIL TIL", "13303"),
        ("Til-Til", "13303"),
        ("TREHUACO", "16207"),
        ("San Pedro", "13505"),
        ("MU280", "05601"),
        ("mu161", "13118"),
    ],
)
def test_resolve(text: str, code: str) -> None:
    assert resolve_comuna(text).code == code


def test_every_municipality_resolves_by_its_own_name_and_code() -> None:
    for comuna in municipalities():
        assert resolve_comuna(comuna.name) == comuna
        assert resolve_comuna(comuna.name.upper()) == comuna
        assert resolve_comuna(str(int(comuna.code))) == comuna


def test_ambiguous_name_lists_candidates() -> None:
    with pytest.raises(ConfigurationError, match="ambiguo") as raised:
        resolve_comuna("Puerto")
    assert "Puerto Montt (`10101`)" in str(raised.value)
    assert "Puerto Varas" in str(raised.value)


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(ConfigurationError, match="No se reconoce") as raised:
        resolve_comuna("Santiagoo")
    assert "Santiago (`13101`)" in str(raised.value)
    with pytest.raises(ConfigurationError, match="Narnia"):
        resolve_comuna("Narnia")


def test_unknown_code() -> None:
    with pytest.raises(ConfigurationError, match="`99999`"):
        resolve_comuna("99999")
    with pytest.raises(ConfigurationError):
        comuna_by_code("1")


def test_user_mappings_extend_and_can_make_a_name_ambiguous(tmp_path: Path) -> None:
    csv_path = tmp_path / "extra.csv"
    csv_path.write_text(
        "sistema,codigo,codigo_comuna\ncplt,MU999,5101\nnombre,Puerto,10101\n", "utf-8"
    )
    yaml_path = tmp_path / "extra.yaml"
    yaml_path.write_text('sinim: {"4242": "13101"}\nnombre: {Valpo: "05109"}\n', "utf-8")
    mappings = load_code_mappings(csv_path, yaml_path)
    assert resolve_comuna("MU999", mappings).code == "05101"
    assert resolve_comuna("Puerto", mappings).code == "10101"
    assert resolve_comuna("4242", mappings, system="sinim").code == "13101"
    with pytest.raises(ConfigurationError, match="sinim"):
        resolve_comuna("1", mappings, system="sinim")
    assert resolve_comuna("Valpo", mappings).code == "05109"
    ambiguous = tmp_path / "ambiguo.csv"
    ambiguous.write_text("sistema,codigo,codigo_comuna\nnombre,Valparaíso,05109\n", "utf-8")
    with pytest.raises(ConfigurationError, match="ambiguo"):
        resolve_comuna("Valparaiso", load_code_mappings(ambiguous))


def test_bad_mapping_files(tmp_path: Path) -> None:
    bad_system = tmp_path / "a.csv"
    bad_system.write_text("sistema,codigo,codigo_comuna\nsii,1,05101\n", "utf-8")
    with pytest.raises(ConfigurationError, match="sistema `sii`"):
        load_code_mappings(bad_system)
    bad_code = tmp_path / "b.csv"
    bad_code.write_text("sistema,codigo,codigo_comuna\ncplt,MU1,99999\n", "utf-8")
    with pytest.raises(ConfigurationError, match="99999"):
        load_code_mappings(bad_code)
    bad_header = tmp_path / "c.csv"
    bad_header.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(ConfigurationError, match="faltan las columnas"):
        load_code_mappings(bad_header)


def test_slugs_are_ascii() -> None:
    assert slug(resolve_comuna("Viña del Mar")) == "vina-del-mar"
    assert organization_slug(resolve_comuna("Viña del Mar")) == "municipalidad-de-vina-del-mar"
    assert slug(resolve_comuna("O'Higgins")) == "ohiggins"
    slugs = [slug(comuna) for comuna in all_comunas()]
    assert all(s.isascii() and s == s.lower() and " " not in s for s in slugs)
    assert len(set(slugs)) == 346


SINIM_XML = SHARED / "real/sinim_IADM121_patentes_2022_2024.xml"


@pytest.mark.skipif(not SINIM_XML.is_file(), reason="../shared not available")
def test_every_sinim_row_resolves_by_code_and_by_name() -> None:
    import re

    text = SINIM_XML.read_text(encoding="utf-8")
    rows = [
        re.findall(r"<Data[^>]*>(.*?)</Data>", row, re.S)
        for row in re.findall(r"<Row.*?</Row>", text, re.S)
    ]
    data = [row for row in rows if row and re.fullmatch(r"\d{5}", row[0])]
    assert len(data) == 345
    for code, name, *_ in data:
        assert resolve_comuna(code).code == code
        assert resolve_comuna(name).code == code, name
    assert {code for code, *_ in data} == {comuna.code for comuna in municipalities()}
