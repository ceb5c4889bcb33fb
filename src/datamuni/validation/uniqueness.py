"""Primary-key uniqueness, exact across every batch with bounded memory (128-bit key hashes)."""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from datamuni.validation.issues import Issue

KEY_DTYPE = np.dtype([("high", "<u8"), ("low", "<u8")])
_SEEDS = (1_000_003, 7_777_777)


def _key_hashes(keys: dict[str, pa.Array]) -> npt.NDArray[np.void]:
    """128-bit hash of each row's key (two seeded 64-bit row hashes: collisions are negligible)."""
    frame = pl.DataFrame({name: pl.from_arrow(array) for name, array in keys.items()})
    hashes = np.empty(frame.height, KEY_DTYPE)
    hashes["high"] = frame.hash_rows(seed=_SEEDS[0]).to_numpy()
    hashes["low"] = frame.hash_rows(seed=_SEEDS[1]).to_numpy()
    return hashes


class PrimaryKeyIndex:
    """Keys seen so far, as sorted runs merged like a log-structured tree (24 bytes per key)."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields
        self._runs: list[tuple[npt.NDArray[np.void], npt.NDArray[np.int64]]] = []

    def _lookup(self, keys: npt.NDArray[np.void]) -> npt.NDArray[np.int64]:
        """Row where each key was first seen in earlier batches, or -1 (searched by high half)."""
        found = np.full(len(keys), -1, np.int64)
        high, low = keys["high"], keys["low"]
        for run_keys, run_rows in self._runs:
            run_high, run_low = run_keys["high"], run_keys["low"]
            left = np.searchsorted(run_high, high, "left")
            right = np.searchsorted(run_high, high, "right")
            position = np.minimum(left, len(run_high) - 1)
            hit = (left < right) & (run_low[position] == low) & (found < 0)
            found[hit] = run_rows[position[hit]]
            for i in np.flatnonzero(
                (right - left > 1) & ~hit & (found < 0)
            ):  # rare: same high half
                same = np.flatnonzero(run_low[left[i] : right[i]] == low[i])
                if len(same):
                    found[i] = run_rows[left[i] + same[0]]
        return found

    def _insert(self, keys: npt.NDArray[np.void], rows: npt.NDArray[np.int64]) -> None:
        """Add new keys as a run sorted on the high half; merge runs of similar size."""
        if len(keys) == 0:
            return
        order = np.argsort(keys["high"], kind="stable")
        self._runs.append((keys[order], rows[order]))
        while len(self._runs) > 1 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            (k2, r2), (k1, r1) = self._runs.pop(), self._runs.pop()
            merged_keys = np.concatenate([k1, k2])
            order = np.argsort(merged_keys["high"], kind="stable")
            self._runs.append((merged_keys[order], np.concatenate([r1, r2])[order]))

    def check(self, keys: dict[str, pa.Array], rows: pa.Array) -> list[Issue]:
        """Issues of one batch: empty keys and keys already seen (in this or an earlier batch)."""
        all_null = functools.reduce(pc.and_, [pc.is_null(keys[f]) for f in self.fields])
        empty = np.asarray(all_null.to_numpy(zero_copy_only=False), bool)
        row_numbers = np.asarray(rows.to_numpy(zero_copy_only=False), np.int64)
        hashes = _key_hashes(keys)
        first = np.full(len(hashes), -1, np.int64)
        candidates = np.flatnonzero(~empty)
        order = candidates[np.lexsort((hashes["low"][candidates], hashes["high"][candidates]))]
        sorted_keys = hashes[order]
        repeat = np.zeros(len(order), bool)
        repeat[1:] = sorted_keys[1:] == sorted_keys[:-1]
        starts = np.maximum.accumulate(np.where(repeat, 0, np.arange(len(order))))
        earlier = self._lookup(sorted_keys[~repeat])
        group_first = np.repeat(earlier, np.diff(np.append(np.flatnonzero(~repeat), len(order))))
        in_batch_first = row_numbers[order[starts]]
        first[order] = np.where(group_first >= 0, group_first, np.where(repeat, in_batch_first, -1))
        new = ~repeat & (group_first < 0)
        self._insert(sorted_keys[new], row_numbers[order[new]])
        duplicate = first >= 0
        first_rows = pa.array(np.where(duplicate, first, 0), pa.int64(), mask=~duplicate)
        names = ", ".join(f"`{f}`" for f in self.fields)
        return [
            Issue(
                "unique",
                self.fields[0],
                pa.array(duplicate),
                "La clave se repite: ya apareció en otra fila.",
                f"Deje una sola fila por clave ({names}) o corrija la clave.",
                "clave repetida",
                first_rows=first_rows,
                extra_fields=self.fields[1:],
            ),
            Issue(
                "primary-key-empty",
                self.fields[0],
                pa.array(empty),
                "La fila no tiene clave.",
                f"Complete la clave ({names}).",
                "clave vacía",
                extra_fields=self.fields[1:],
            ),
        ]
