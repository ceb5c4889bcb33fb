"""k-anonymity for row-level data: measure classes, generalize quasi-identifiers, then suppress.

Two passes with bounded memory: the first spills the protected batches to a temporary Arrow IPC
file while counting equivalence classes; the second applies the chosen generalization levels and
drops the rows of classes still smaller than k.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from datamuni.catalog import DatasetKind
from datamuni.protection.arrow import frame_to_batch
from datamuni.protection.generalize import DEFAULT_AGE_BANDS, band_labels

MAX_SUPPRESSED_SHARE = 0.05
"""Generalize until at most this share of rows would be suppressed (or nothing is left to do)."""
STAR = "*"
Level = Callable[[str | None], str | None]


def _merge_bands(bands: list[float], level: int) -> Level:
    """Band label → label of the band made of 2**level consecutive bands."""
    labels = band_labels(bands)
    size = 2**level
    merged = {}
    for index, label in enumerate(labels):
        first = (index // size) * size
        last = min(first + size, len(labels)) - 1
        low = labels[first].split("-")[0].rstrip("+")
        high = labels[last]
        merged[label] = (
            labels[first]
            if first == last
            else (f"{low}+" if high.endswith("+") else f"{low}-{high.split('-')[1]}")
        )
    return lambda value: None if value is None else merged.get(value, STAR)


def hierarchy(kind: DatasetKind, name: str) -> list[Level]:
    """Generalization levels of a quasi-identifier, from identity to `*`."""
    params = kind.field(name).protection.params
    levels: list[Level] = [lambda value: value]
    target = params.get("to") if kind.field(name).protection.action == "generalizar" else None
    if target == "mes":
        levels.append(lambda value: None if value is None else value[:4])
    if target in ("banda_edad", "rango"):
        bands = list(params.get("bands") or DEFAULT_AGE_BANDS)
        for level in range(1, max(1, (len(bands) - 1).bit_length()) + 1):
            levels.append(_merge_bands(bands, level))
    levels.append(lambda value: None if value is None else STAR)
    return levels


def _regroup(counts: Counter[tuple[Any, ...]], functions: list[Level]) -> Counter[tuple[Any, ...]]:
    """Class sizes after applying one function per quasi-identifier."""
    result: Counter[tuple[Any, ...]] = Counter()
    for key, count in counts.items():
        result[tuple(function(value) for function, value in zip(functions, key, strict=True))] += (
            count
        )
    return result


def choose_levels(
    counts: Counter[tuple[Any, ...]], hierarchies: list[list[Level]], k: int
) -> tuple[list[int], Counter[tuple[Any, ...]]]:
    """Greedy (Datafly): generalize the most varied quasi-identifier until few rows stay below k."""
    levels = [0] * len(hierarchies)
    budget = int(sum(counts.values()) * MAX_SUPPRESSED_SHARE)
    while True:
        classes = _regroup(counts, [h[level] for h, level in zip(hierarchies, levels, strict=True)])
        small = sum(count for count in classes.values() if count < k)
        open_ = [i for i, h in enumerate(hierarchies) if levels[i] < len(h) - 1]
        if small <= budget or not open_:
            return levels, classes
        widest = max(open_, key=lambda i: len({key[i] for key in classes}))
        levels[widest] += 1


def _key(frame: pl.DataFrame, names: list[str]) -> pl.Series:
    """One string per row identifying its equivalence class."""
    parts = [pl.col(name).fill_null("\x00") for name in names]
    return frame.select(pl.concat_str(parts, separator="\x1f")).to_series()


def enforce_k_anonymity(
    batches: Iterator[pa.RecordBatch], kind: DatasetKind, k: int, audit: dict[str, Any]
) -> Iterator[pa.RecordBatch]:
    """Yield the batches with quasi-identifiers generalized and small classes suppressed."""
    names = list(kind.quasi_identifiers)
    counts: Counter[tuple[Any, ...]] = Counter()
    with tempfile.TemporaryDirectory(prefix="datamuni-k-") as folder:
        path = Path(folder) / "protegido.arrow"
        writer = None
        for batch in batches:
            if writer is None:
                writer = pa.ipc.new_file(str(path), batch.schema)
            writer.write_batch(batch)
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            for *key, count in frame.group_by(names).len().iter_rows():
                counts[tuple(key)] += count
        if writer is None:
            return
        writer.close()
        hierarchies = [hierarchy(kind, name) for name in names]
        levels, classes = choose_levels(counts, hierarchies, k)
        small = {
            "\x1f".join("\x00" if v is None else v for v in key)
            for key, c in classes.items()
            if c < k
        }
        kept = [c for c in classes.values() if c >= k]
        audit.update(
            quasi_identifiers=names,
            k_required=k,
            smallest_class_before=min(counts.values()),
            k_reached=min(kept) if kept else 0,
            classes=len(kept),
            generalization_levels=dict(zip(names, levels, strict=True)),
            suppressed_rows=sum(c for c in classes.values() if c < k),
        )
        with pa.memory_map(str(path)) as source:
            reader = pa.ipc.open_file(source)
            for index in range(reader.num_record_batches):
                yield _apply(reader.get_batch(index), names, hierarchies, levels, small)


def _apply(
    batch: pa.RecordBatch,
    names: list[str],
    hierarchies: list[list[Level]],
    levels: list[int],
    small: set[str],
) -> pa.RecordBatch:
    """Generalize one spilled batch and drop the rows of small classes."""
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    for name, h, level in zip(names, hierarchies, levels, strict=True):
        if level == 0:
            continue
        unique = frame[name].drop_nulls().unique()
        mapped = [h[level](value) for value in unique.to_list()]
        frame = frame.with_columns(
            frame[name]
            .replace_strict(unique, mapped, default=None, return_dtype=pl.String)
            .alias(name)
        )
    if small:
        frame = frame.filter(~_key(frame, names).is_in(list(small)))
    return frame_to_batch(frame, batch.schema.names)
