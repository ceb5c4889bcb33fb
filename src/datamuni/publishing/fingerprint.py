"""Input fingerprint of a publication: what went in (source, kind, rules, settings), not its output.

The publisher records it on the period's data resource; a re-run whose inputs hash the same can
be answered from one `package_show` without reading, validating or protecting the file again.
Pure functions, no network.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from datamuni import __version__
from datamuni.catalog import DatasetKind
from datamuni.settings import Settings

FIELD = "datamuni_huella_entrada"
"""Resource field of the period's data resource holding the input fingerprint."""
VERSION = "2"  # 2: dates of year 0 are refused (they used to pass)
"""Bump when what a publication derives from its inputs changes without a datamuni release."""

_digests: dict[int, tuple[DatasetKind, str]] = {}
_current: ContextVar[str | None] = ContextVar("datamuni_input_fingerprint", default=None)


def kind_digest(kind: DatasetKind) -> str:
    """sha256 of everything a kind declares: schema, aliases, protection rules, suite, policy."""
    cached = _digests.get(id(kind))
    if cached is not None and cached[0] is kind:  # kinds are frozen: same object, same digest
        return cached[1]
    text = json.dumps(dataclasses.asdict(kind), sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if len(_digests) > 256:
        _digests.clear()
    _digests[id(kind)] = (kind, digest)
    return digest


def settings_part(settings: Settings) -> dict[str, Any]:
    """The settings that change a publication's output (the pseudonym key only as an HMAC).

    Tuning settings such as `batch_rows` are left out: they change memory and speed, never the
    published files, so retuning them must not republish every dataset.
    """
    key = settings.pseudonym_secret()
    key_tag = (
        hmac.new(key.get_secret_value().encode(), b"datamuni-huella", "sha256").hexdigest()[:16]
        if key is not None
        else ""
    )
    return {
        "k_anonimato": settings.k_anonymity,
        "max_invalidas": settings.max_invalid_ratio,
        "suite": settings.suite_engine,
        "licencia": settings.licence_id,
        "clave_seudonimos": key_tag,
    }


def input_fingerprint(
    *,
    source_sha256: str,
    kind: DatasetKind,
    municipality: str,
    period: str,
    contact: dict[str, str] | None,
    settings: Settings,
) -> str:
    """`v1:<sha256>` of the source's bytes, the kind's rules, the period, contact and settings."""
    parts = {
        "version": VERSION,
        "datamuni": __version__,
        "fuente": source_sha256,
        "tipo": kind_digest(kind),
        "municipio": municipality,
        "periodo": period,
        "contraparte": dict(sorted((contact or {}).items())),
        "ajustes": settings_part(settings),
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return f"v{VERSION}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def recording(fingerprint: str | None) -> Iterator[None]:
    """Within this block, `publish_package` records `fingerprint` on the data resource."""
    token = _current.set(fingerprint)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> str | None:
    """The fingerprint the publication in progress must record (None: record none)."""
    return _current.get()
