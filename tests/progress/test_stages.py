"""Stages and per-kind state derived from events."""

from __future__ import annotations

from datetime import UTC, date, datetime

from datamuni.progress import STAGES, Event, Outcome, Stage, Step, derive_state

TODAY = date(2025, 9, 20)  # 2025-08 was due on 2025-09-12


def at(day: int, month: int = 9, year: int = 2025) -> datetime:
    """Noon UTC on a day."""
    return datetime(year, month, day, 12, tzinfo=UTC)


def published(kind: str, period: str, when: datetime, run_id: str = "r1") -> Event:
    """A published run."""
    return Event.dataset_run(
        "05101", kind, period, Outcome.PUBLICADO, run_id=run_id, occurred_at=when
    )


def test_stages_are_ordered_and_labelled_in_spanish() -> None:
    assert [item.order for item in STAGES] == list(range(1, 8))
    assert STAGES[0].label == "Adhesión"
    assert STAGES[-1].stage is Stage.AL_DIA


def test_declared_stages_only() -> None:
    events = [
        Event.stage_reached("05101", Stage.ADHESION, occurred_at=at(1, 3)),
        Event.stage_reached("05101", Stage.CONTRAPARTE, occurred_at=at(2, 3)),
    ]
    state = derive_state("05101", events, TODAY)
    assert state.stages == {Stage.ADHESION, Stage.CONTRAPARTE}
    assert state.current_stage is Stage.CONTRAPARTE
    assert not state.is_overdue


def test_blocked_run_reaches_nothing_and_protected_run_reaches_protection() -> None:
    blocked = Event.dataset_run(
        "05101", "compras", "2025-08", Outcome.BLOQUEADO, run_id="a", occurred_at=at(3)
    )
    assert derive_state("05101", [blocked], TODAY).stages == frozenset()
    failed_at_ckan = Event.dataset_run(
        "05101",
        "compras",
        "2025-08",
        Outcome.FALLIDO,
        run_id="b",
        step=Step.PROTEGIDO,
        occurred_at=at(4),
    )
    state = derive_state("05101", [blocked, failed_at_ckan], TODAY)
    assert state.stages == {Stage.VALIDADO, Stage.PROTEGIDO}
    assert state.last_run is not None and state.last_run.outcome is Outcome.FALLIDO


def test_published_on_time_and_up_to_date() -> None:
    state = derive_state("05101", [published("remuneraciones", "2025-08", at(10))], TODAY)
    assert Stage.PUBLICADO in state.stages and Stage.AL_DIA in state.stages
    (kind,) = state.kinds
    assert kind.last_published_period == "2025-08"
    assert kind.on_time is True and not kind.overdue
    assert state.current_stage is Stage.AL_DIA


def test_late_publication_is_recorded_as_late_but_up_to_date() -> None:
    state = derive_state("05101", [published("remuneraciones", "2025-08", at(16))], TODAY)
    (kind,) = state.kinds
    assert kind.on_time is False and not kind.overdue
    assert Stage.AL_DIA in state.stages


def test_republishing_later_keeps_the_first_publication_date() -> None:
    events = [
        published("remuneraciones", "2025-08", at(10), "first"),
        published("remuneraciones", "2025-08", at(19), "correction"),
    ]
    (kind,) = derive_state("05101", events, TODAY).kinds
    assert kind.on_time is True
    assert kind.last_run is not None and kind.last_run.run_id == "correction"


def test_missing_monthly_version_is_overdue() -> None:
    events = [
        published("remuneraciones", "2025-07", at(8, 8)),
        published("compras", "2025-08", at(9)),
        Event.stage_reached("05101", Stage.INVENTARIO, kind="subsidios", occurred_at=at(1, 1)),
    ]
    state = derive_state("05101", events, TODAY)
    assert state.overdue_kinds == ("remuneraciones", "subsidios")
    assert state.is_overdue and Stage.AL_DIA not in state.stages
    assert state.current_stage is Stage.PUBLICADO
    # Before the August deadline passed, July was enough.
    earlier = derive_state("05101", events, date(2025, 9, 12))
    assert earlier.overdue_kinds == ("subsidios",)


def test_events_after_the_view_date_are_ignored() -> None:
    state = derive_state("05101", [published("compras", "2025-08", at(10))], date(2025, 9, 1))
    assert state.stages == frozenset()
