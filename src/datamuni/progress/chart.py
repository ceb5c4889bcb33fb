"""The national view as a PNG chart (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path

from datamuni.progress.national import NationalView
from datamuni.progress.render import coverage_sentence
from datamuni.progress.stages import STAGES, Stage


def render_chart(view: NationalView, path: Path) -> Path:
    """Draw stage counts against the 20% target, and publishing municipalities by region."""
    # Imported here: matplotlib costs about a second, and only this function needs it.
    from matplotlib.figure import Figure  # the Agg canvas; no display, no global backend

    figure = Figure(figsize=(11, 8.5), layout="constrained")
    stages_axes, regions_axes = figure.subplots(2, 1, height_ratios=[1, 1.3])

    labels = [definition.label for definition in STAGES]
    counts = [view.stage_counts[definition.stage] for definition in STAGES]
    positions = range(len(labels))
    stages_axes.barh(positions, counts, color="#2b6cb0")
    stages_axes.set_yticks(list(positions), labels)
    stages_axes.invert_yaxis()
    stages_axes.axvline(
        view.target, color="#c53030", linestyle="--", label=f"Meta 20 % ({view.target})"
    )
    for position, count in zip(positions, counts, strict=True):
        stages_axes.annotate(
            str(count), (count, position), xytext=(3, 0), textcoords="offset points", va="center"
        )
    stages_axes.set_xlim(0, max(view.total, 1))
    stages_axes.set_xlabel(f"Municipalidades (de {view.total})")
    stages_axes.legend(loc="lower right")
    scope = f"región {view.region_code}" if view.region_code else "nacional"
    stages_axes.set_title(f"Avance {scope} MGTM 2.0 — datos abiertos, al {view.today.isoformat()}")

    codes = [region.region_code for region in view.regions]
    totals = [region.municipalities for region in view.regions]
    published = [region.stage_counts[Stage.PUBLICADO] for region in view.regions]
    up_to_date = [region.stage_counts[Stage.AL_DIA] for region in view.regions]
    regions_axes.bar(codes, totals, color="#e2e8f0", label="Municipalidades")
    regions_axes.bar(codes, published, color="#63b3ed", label="Con conjunto publicado")
    regions_axes.bar(codes, up_to_date, color="#2f855a", label="Al día")
    regions_axes.set_xlabel("Región (código CUT)")
    regions_axes.set_ylabel("Municipalidades")
    regions_axes.legend(loc="upper right")
    regions_axes.set_title(coverage_sentence(view), fontsize=9)

    path.parent.mkdir(parents=True, exist_ok=True)
    # No "Software" key: the same view gives the same bytes.
    figure.savefig(path, format="png", dpi=100, metadata={"Software": None})
    return path
