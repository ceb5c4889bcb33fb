"""Progress events: what happened to one municipality, with counts only — never personal values."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from datamuni.errors import ProgressError
from datamuni.progress.deadlines import parse_period
from datamuni.progress.stages import DECLARED_STAGES, PUBLISHED_OUTCOMES, Outcome, Stage, Step

_CUT = re.compile(r"^\d{5}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")


class EventType(StrEnum):
    """A stage reached by declaration, or the result of one dataset run."""

    STAGE = "etapa"
    DATASET = "conjunto"


def _now() -> datetime:
    """The current UTC time."""
    return datetime.now(UTC)


def _new_id() -> str:
    """A fresh event id."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Event:
    """One append-only progress event; build with `Event.stage_reached` or `Event.dataset_run`."""

    cut: str
    type: EventType
    stage: Stage | None = None
    kind: str | None = None
    period: str | None = None
    outcome: Outcome | None = None
    step: Step | None = None
    run_id: str | None = None
    occurred_at: datetime = field(default_factory=_now)
    counts: Mapping[str, int] = field(default_factory=dict)
    event_id: str = field(default_factory=_new_id)

    def __post_init__(self) -> None:
        _check(self)

    @classmethod
    def stage_reached(
        cls,
        cut: str,
        stage: Stage,
        *,
        kind: str | None = None,
        occurred_at: datetime | None = None,
        event_id: str | None = None,
    ) -> Event:
        """A declared stage (adhesión, contraparte, inventario with its dataset kind)."""
        return cls(
            cut=cut,
            type=EventType.STAGE,
            stage=stage,
            kind=kind,
            occurred_at=occurred_at or _now(),
            event_id=event_id or _new_id(),
        )

    @classmethod
    def dataset_run(
        cls,
        cut: str,
        kind: str,
        period: str,
        outcome: Outcome,
        *,
        run_id: str,
        counts: Mapping[str, int] | None = None,
        step: Step | None = None,
        occurred_at: datetime | None = None,
        event_id: str | None = None,
    ) -> Event:
        """The result of one run; `step` defaults to `publicado` for published outcomes."""
        if step is None and outcome in PUBLISHED_OUTCOMES:
            step = Step.PUBLICADO
        return cls(
            cut=cut,
            type=EventType.DATASET,
            kind=kind,
            period=period,
            outcome=outcome,
            step=step,
            run_id=run_id,
            occurred_at=occurred_at or _now(),
            counts=dict(counts or {}),
            event_id=event_id or _new_id(),
        )


def _fail(message: str, hint: str = "") -> None:
    """Raise a ProgressError about a malformed event."""
    raise ProgressError(f"Evento de avance no válido: {message}", hint)


def _check(event: Event) -> None:
    """Reject malformed events, and counts that could carry personal values."""
    if not _CUT.match(event.cut):
        _fail(f"código comunal `{event.cut}`.", "Use el CUT de 5 dígitos, por ejemplo `05101`.")
    if event.occurred_at.tzinfo is None:
        _fail("la fecha no tiene zona horaria.", "Use una fecha con zona (UTC).")
    if event.kind is not None and not _NAME.match(event.kind):
        _fail(f"tipo de conjunto `{event.kind}`.", "Use el identificador del tipo, en minúsculas.")
    if event.type is EventType.STAGE:
        if event.stage not in DECLARED_STAGES:
            _fail(f"etapa `{event.stage}` no se declara: se deduce de las ejecuciones.")
        return
    if event.kind is None or event.period is None or event.outcome is None or not event.run_id:
        _fail("una ejecución necesita tipo, periodo, resultado e id de ejecución.")
    assert event.period is not None and event.run_id is not None
    parse_period(event.period)
    if not _RUN_ID.match(event.run_id):
        _fail("id de ejecución con caracteres no permitidos.")
    if event.outcome in PUBLISHED_OUTCOMES and event.step is not Step.PUBLICADO:
        _fail(f"resultado `{event.outcome}` con paso `{event.step}`.")
    if event.outcome not in PUBLISHED_OUTCOMES and event.step is Step.PUBLICADO:
        _fail(f"paso `publicado` con resultado `{event.outcome}`.")
    for key, value in event.counts.items():
        if not _NAME.match(key) or type(value) is not int or value < 0:
            _fail(
                "los conteos deben ser enteros no negativos con nombres simples.",
                "Nunca registre valores de las filas, solo cantidades.",
            )
