"""Progress tracking: append-only events, MGTM 2.0 stages, deadlines and the national view."""

from __future__ import annotations

from datamuni.progress.chart import render_chart
from datamuni.progress.deadlines import (
    due_date,
    expected_period,
    is_on_time,
    is_working_day,
    working_days,
)
from datamuni.progress.events import Event, EventType
from datamuni.progress.national import (
    Municipality,
    MunicipalityRow,
    NationalView,
    RegionRow,
    national_view,
    reference_municipalities,
)
from datamuni.progress.render import export_progress_csv, render_markdown
from datamuni.progress.stages import STAGES, Outcome, Stage, StageDefinition, Step
from datamuni.progress.state import KindState, MunicipalityState, RunSummary, derive_state
from datamuni.progress.store import ProgressStore

__all__ = [
    "STAGES",
    "Event",
    "EventType",
    "KindState",
    "Municipality",
    "MunicipalityRow",
    "MunicipalityState",
    "NationalView",
    "Outcome",
    "ProgressStore",
    "RegionRow",
    "RunSummary",
    "Stage",
    "StageDefinition",
    "Step",
    "derive_state",
    "due_date",
    "expected_period",
    "export_progress_csv",
    "is_on_time",
    "is_working_day",
    "national_view",
    "reference_municipalities",
    "render_chart",
    "render_markdown",
    "working_days",
]
