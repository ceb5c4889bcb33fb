"""validate_protection: Spanish ConfigurationErrors that name the field and say what to do."""

from __future__ import annotations

import pytest

from datamuni.errors import ConfigurationError
from datamuni.protection import validate_protection
from tests.protection.conftest import make_field, make_kind


@pytest.mark.parametrize(
    ("fields", "extra", "expected"),
    [
        ([make_field("a", "borrar")], {}, "acción de protección desconocida `borrar`"),
        ([make_field("a", "publicar", alow=["rut_empresa"])], {}, "`alow`"),
        ([make_field("a", "publicar", allow=["rut_persona"])], {}, "allow"),
        ([make_field("a", "generalizar", to="semana")], {}, "`to: semana`"),
        ([make_field("a", "generalizar", to="rango")], {}, "sin `bands`"),
        ([make_field("a", "generalizar", to="banda_edad", bands=[30, 18])], {}, "bands"),
        ([make_field("a", "agregar")], {}, "falta `aggregation`"),
        ([make_field("a")], {"quasi_identifiers": ("b",)}, "cuasi-identificador `b`"),
        ([make_field("a", "eliminar")], {"quasi_identifiers": ("a",)}, "cuasi-identificador `a`"),
        (
            [make_field("a")],
            {"aggregation": {"dimensions": ["a"], "measures": {"a": "median"}}},
            "median",
        ),
        ([make_field("a")], {"aggregation": {"dimensions": ["z"]}}, "`z`"),
    ],
)
def test_bad_rules_are_refused(fields, extra, expected) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigurationError) as error:
        validate_protection(make_kind(fields, **extra))
    assert expected in str(error.value)
    assert "`prueba`" in str(error.value)
    assert error.value.hint


def test_good_rules_pass() -> None:
    kind = make_kind(
        [
            make_field("rut_proveedor", "publicar", allow=["rut_empresa"]),
            make_field("edad", "generalizar", to="banda_edad"),
            make_field("monto", "generalizar", to="rango", bands=[0, 500000, 1000000]),
            make_field("direccion", "generalizar", to="comuna"),
            make_field("rut", "seudonimizar"),
            make_field("obs", "enmascarar"),
        ],
        quasi_identifiers=("edad",),
    )
    validate_protection(kind)
