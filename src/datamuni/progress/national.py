"""The national view: how many of the 345 municipalities reached each stage, by region."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from datamuni import territory
from datamuni.errors import ProgressError
from datamuni.progress.deadlines import due_date, expected_period, local_day
from datamuni.progress.stages import TARGET_SHARE, Stage
from datamuni.progress.state import MunicipalityState, derive_state
from datamuni.progress.store import ProgressStore


@dataclass(frozen=True)
class Municipality:
    """A municipality as the national view needs it."""

    cut: str
    name: str
    region_code: str
    region_name: str


@dataclass(frozen=True)
class MunicipalityRow:
    """One municipality in the view, with its state (empty if it has no events)."""

    municipality: Municipality
    state: MunicipalityState


@dataclass(frozen=True)
class RegionRow:
    """Counts of one region."""

    region_code: str
    region_name: str
    municipalities: int
    stage_counts: dict[Stage, int]
    overdue: int


@dataclass(frozen=True)
class NationalView:
    """Stage counts, coverage against the 20% target, regions and overdue municipalities."""

    today: date
    expected_period: str
    due_date: date
    region_code: str | None
    rows: tuple[MunicipalityRow, ...]
    regions: tuple[RegionRow, ...]
    stage_counts: dict[Stage, int]
    unknown_cuts: tuple[str, ...]
    """CUTs with events that are not in the municipality list (typos, or another region)."""

    @property
    def total(self) -> int:
        """Municipalities in the view (345 nationally)."""
        return len(self.rows)

    @property
    def target(self) -> int:
        """Municipalities needed for the 20% target (69 of 345)."""
        return -(-self.total * round(TARGET_SHARE * 100) // 100)

    @property
    def covered(self) -> int:
        """Municipalities with at least one dataset published (adopted the tool)."""
        return self.stage_counts[Stage.PUBLICADO]

    @property
    def overdue(self) -> tuple[MunicipalityRow, ...]:
        """Municipalities that publish but are behind on a monthly version."""
        return tuple(row for row in self.rows if row.state.is_overdue)


def reference_municipalities() -> list[Municipality]:
    """The 345 municipalities of the CUT reference (`datamuni.territory`)."""
    return [
        Municipality(comuna.code, comuna.name, comuna.region_code, comuna.region_name)
        for comuna in territory.municipalities()
    ]


def national_view(
    store: ProgressStore,
    today: date | None = None,
    municipalities: Iterable[Municipality] | None = None,
    region: str | None = None,
) -> NationalView:
    """Build the national (or one region's) view from a ProgressStore on `today`."""
    day = today or local_day(datetime.now(UTC))
    everyone = sorted(municipalities or reference_municipalities(), key=lambda item: item.cut)
    known = [item for item in everyone if region is None or item.region_code == region]
    if not known:
        raise ProgressError(
            f"Región `{region}` desconocida.", "Use el código de 2 dígitos, por ejemplo `05`."
        )
    states = store.all_states(day)
    empty = {item.cut: derive_state(item.cut, [], day) for item in known if item.cut not in states}
    rows = tuple(MunicipalityRow(item, states.get(item.cut) or empty[item.cut]) for item in known)
    listed = {item.cut for item in everyone}
    unknown = tuple(cut for cut in states if cut not in listed)
    return NationalView(
        today=day,
        expected_period=expected_period(day),
        due_date=due_date(expected_period(day)),
        region_code=region,
        rows=rows,
        regions=_regions(rows),
        stage_counts=_count(rows),
        unknown_cuts=unknown,
    )


def _count(rows: Iterable[MunicipalityRow]) -> dict[Stage, int]:
    """Municipalities that reached each stage."""
    counts = dict.fromkeys(Stage, 0)
    for row in rows:
        for stage in row.state.stages:
            counts[stage] += 1
    return counts


def _regions(rows: tuple[MunicipalityRow, ...]) -> tuple[RegionRow, ...]:
    """Per-region counts, in region-code order."""
    groups: dict[str, list[MunicipalityRow]] = {}
    for row in rows:
        groups.setdefault(row.municipality.region_code, []).append(row)
    return tuple(
        RegionRow(
            region_code=code,
            region_name=members[0].municipality.region_name,
            municipalities=len(members),
            stage_counts=_count(members),
            overdue=sum(1 for row in members if row.state.is_overdue),
        )
        for code, members in sorted(groups.items())
    )
