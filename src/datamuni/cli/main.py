"""Entry point: imports every command module so each registers on the app."""

from __future__ import annotations

from datamuni.cli import app as app_module

# Each module registers its commands on `app` when imported.
from datamuni.cli import avance as _avance  # noqa: F401
from datamuni.cli import municipio as _municipio  # noqa: F401
from datamuni.cli import preparar as _preparar  # noqa: F401
from datamuni.cli import proteger as _proteger  # noqa: F401
from datamuni.cli import publicar as _publicar  # noqa: F401
from datamuni.cli import retirar as _retirar  # noqa: F401
from datamuni.cli import stack as _stack  # noqa: F401
from datamuni.cli import validar as _validar  # noqa: F401

app = app_module.app


def run() -> None:
    """Run the `datamuni` command."""
    app()
