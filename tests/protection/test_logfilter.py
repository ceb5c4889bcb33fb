"""Log redaction: no detected value reaches a handler, including arguments and tracebacks."""

from __future__ import annotations

import io
import logging

from datamuni.protection import install_redaction, redact_text
from datamuni.protection.logfilter import redact_structure


def test_redact_text() -> None:
    text = (
        "Error en fila 12: RUT 12.345.678-5, correo a@b.cl, fono +56 9 8765 4321, monto 12.345.678"
    )
    assert redact_text(text) == (
        "Error en fila 12: RUT [RUT eliminado], correo [correo eliminado], "
        "fono [teléfono eliminado], monto 12.345.678"
    )
    assert redact_text("") == ""


def test_redact_structure_redacts_every_string_like_redact_text() -> None:
    canary = "RUT 12.345.678-5"
    data = {
        "columna 11.111.111-1": [canary, ("correo a@b.cl", 3), {"nota": "fono +56 9 8765 4321"}],
        "vacio": "",
        "limpio": "Departamento de Salud",
        "cuenta": 7,
        "repetido": [canary, canary],
        "nada": None,
    }
    result = redact_structure(data)
    assert result == {
        redact_text("columna 11.111.111-1"): [
            redact_text(canary),
            [redact_text("correo a@b.cl"), 3],
            {"nota": redact_text("fono +56 9 8765 4321")},
        ],
        "vacio": "",
        "limpio": "Departamento de Salud",
        "cuenta": 7,
        "repetido": [redact_text(canary), redact_text(canary)],
        "nada": None,
    }
    text = repr(result)
    assert "12.345.678-5" not in text and "11.111.111-1" not in text and "a@b.cl" not in text
    assert redact_structure([]) == [] and redact_structure("") == ""


def test_filter_redacts_messages_args_and_exceptions() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("datamuni.test.redaccion")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    install_redaction(logger)
    logger.warning("valor %s en %s", "123456785", {"correo": "canario@correo.cl"})
    try:
        raise ValueError("no se pudo leer 12.345.678-5")
    except ValueError:
        logger.exception("falló con %s", "Calle Los Canarios 123")
    output = stream.getvalue()
    for canary in ("123456785", "canario@correo.cl", "12.345.678-5", "Calle Los Canarios 123"):
        assert canary not in output
    assert "[RUT eliminado]" in output and "ValueError" in output
