"""A municipality's current state, derived from its events (pure: no database here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from datamuni.progress.deadlines import (
    expected_period,
    is_annual,
    is_on_time,
    local_day,
    parse_period,
)
from datamuni.progress.events import Event, EventType
from datamuni.progress.stages import (
    DEFINITIONS,
    PUBLISHED_OUTCOMES,
    STEP_STAGES,
    Outcome,
    Stage,
)


@dataclass(frozen=True)
class RunSummary:
    """The last run of a dataset kind: what, when, and how it ended."""

    kind: str
    period: str
    outcome: Outcome
    run_id: str
    at: datetime


@dataclass(frozen=True)
class KindState:
    """One dataset kind of one municipality: last published period, deadline, last run."""

    kind: str
    last_published_period: str | None
    first_published_at: datetime | None
    """When that period was first published (later corrections do not make it late)."""
    on_time: bool | None
    """Whether the last published period met its deadline; None if nothing published."""
    overdue: bool
    """True if the latest period due on the view date is not published."""
    last_run: RunSummary | None


@dataclass(frozen=True)
class MunicipalityState:
    """Stages reached, dataset kinds and last run of one municipality on a given day."""

    cut: str
    today: date
    stages: frozenset[Stage]
    kinds: tuple[KindState, ...]
    last_run: RunSummary | None

    @property
    def current_stage(self) -> Stage | None:
        """The furthest stage reached, in MGTM order."""
        reached = [DEFINITIONS[stage] for stage in self.stages]
        return max(reached, key=lambda item: item.order).stage if reached else None

    @property
    def overdue_kinds(self) -> tuple[str, ...]:
        """Dataset kinds whose due monthly version is missing."""
        return tuple(item.kind for item in self.kinds if item.overdue)

    @property
    def is_overdue(self) -> bool:
        """Publishes open data but is behind on at least one monthly version."""
        return Stage.PUBLICADO in self.stages and bool(self.overdue_kinds)

    @property
    def last_published_period(self) -> str | None:
        """The most recent period published of any kind."""
        periods = [item.last_published_period for item in self.kinds if item.last_published_period]
        return max(periods) if periods else None


def _due_for(period: str, due: str) -> str:
    """The period due for a kind: the monthly one, or its year for annual kinds."""
    if not is_annual(period):
        return due
    year, month = parse_period(due)
    return str(year if month == 12 else year - 1)


def _kind_state(kind: str, runs: list[Event], due: str) -> KindState:
    """State of one dataset kind from its runs (sorted by time)."""
    first_publication: dict[str, datetime] = {}
    for run in runs:
        if run.outcome in PUBLISHED_OUTCOMES and run.period is not None:
            first_publication.setdefault(run.period, run.occurred_at)
    last_period = max(first_publication) if first_publication else None
    first_at = first_publication[last_period] if last_period else None
    last_run = None
    if runs:
        run = runs[-1]
        assert run.period is not None and run.outcome is not None and run.run_id is not None
        last_run = RunSummary(kind, run.period, run.outcome, run.run_id, run.occurred_at)
    return KindState(
        kind=kind,
        last_published_period=last_period,
        first_published_at=first_at,
        on_time=is_on_time(last_period, first_at) if last_period and first_at else None,
        overdue=last_period is None or last_period < _due_for(last_period, due),
        last_run=last_run,
    )


def derive_state(cut: str, events: Iterable[Event], today: date) -> MunicipalityState:
    """Fold one municipality's events into its state on `today`."""
    ordered = sorted(events, key=lambda item: item.occurred_at)
    stages: set[Stage] = set()
    runs_by_kind: dict[str, list[Event]] = {}
    for item in ordered:
        # Events after the view date are ignored, so a past date gives the state as it was.
        if item.cut != cut or local_day(item.occurred_at) > today:
            continue
        if item.type is EventType.STAGE and item.stage is not None:
            stages.add(item.stage)
            if item.kind is not None:
                runs_by_kind.setdefault(item.kind, [])
        elif item.kind is not None:
            runs_by_kind.setdefault(item.kind, []).append(item)
            if item.step is not None:
                stages.update(STEP_STAGES[item.step])
    due = expected_period(today)
    kinds = tuple(_kind_state(kind, runs, due) for kind, runs in sorted(runs_by_kind.items()))
    if Stage.PUBLICADO in stages and not any(item.overdue for item in kinds):
        stages.add(Stage.AL_DIA)
    runs = [kind.last_run for kind in kinds if kind.last_run is not None]
    last_run = max(runs, key=lambda run: run.at) if runs else None
    return MunicipalityState(cut, today, frozenset(stages), kinds, last_run)
