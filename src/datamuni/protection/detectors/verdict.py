"""A column's verdict from the detectors, and spreading a verdict on distinct values to cells."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from datamuni.protection.detectors.base import DETECTOR_KINDS, LABELS


@dataclass
class ColumnScan:
    """Detectors' verdict on one column: per-kind masks, span-redacted and cell-redacted text."""

    masks: dict[str, pl.Series]
    spans_redacted: pl.Series
    """Detected spans replaced by labels (what `enmascarar` publishes)."""
    any_mask: pl.Series
    """Cells with at least one detection."""

    def count(self, kind: str) -> int:
        """Cells with a detection of `kind`."""
        return int(self.masks[kind].sum())

    def cells_redacted(self) -> pl.Series:
        """Whole cells replaced by the labels of what they held (what `publicar` publishes)."""
        if not self.any_mask.any():
            return self.spans_redacted  # nothing found: the text as it came
        labels = []
        for kind in DETECTOR_KINDS:
            if kind == "rut_empresa":
                continue
            mask = self.masks[kind]
            if kind == "rut":
                mask = mask | self.masks["rut_empresa"]
            labels.append(pl.when(pl.lit(mask)).then(pl.lit(LABELS[kind])))
        frame = pl.DataFrame({"value": self.spans_redacted, "any": self.any_mask})
        labelled = pl.concat_str(labels, separator=" ", ignore_nulls=True)
        chosen = pl.when(pl.col("any")).then(labelled).otherwise(pl.col("value"))
        return frame.select(chosen).to_series().alias(self.spans_redacted.name)


def spread(verdict: ColumnScan, scanned: pl.Series, text: pl.Series) -> ColumnScan:
    """The verdicts on `scanned` values, cell by cell in `text`'s order (others are clean)."""
    table = pl.DataFrame(
        {
            "value": scanned,
            "redacted": verdict.spans_redacted,
            "any": verdict.any_mask,
            **{f"mask_{kind}": mask for kind, mask in verdict.masks.items()},
        }
    )
    cells = pl.DataFrame({"value": text}).join(table, on="value", how="left", maintain_order="left")
    masks = {
        kind: cells[f"mask_{kind}"].fill_null(False).alias(text.name) for kind in verdict.masks
    }
    redacted = cells["redacted"].fill_null(cells["value"]).alias(text.name)
    return ColumnScan(masks, redacted, cells["any"].fill_null(False).alias(text.name))
