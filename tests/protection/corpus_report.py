"""Recall and precision of the detectors on the labelled corpus (`tests/protection/corpus/`).

Run `python -m tests.protection.corpus_report`: one line per detector kind, cell level.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from datamuni.protection.detectors import scan_column

CORPUS = Path(__file__).parent / "corpus" / "celdas.csv"


@dataclass
class Score:
    """Cell-level counts of one detector kind."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def recall(self) -> float:
        """Share of labelled cells the detector found."""
        found = self.true_positive + self.false_negative
        return self.true_positive / found if found else 1.0

    @property
    def precision(self) -> float:
        """Share of the detector's cells that were labelled."""
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0


def load() -> list[tuple[str, set[str]]]:
    """The corpus as (text, labelled kinds)."""
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return [
            (row["texto"], set(filter(None, row["etiquetas"].split("|"))))
            for row in csv.DictReader(handle)
        ]


def score() -> tuple[dict[str, Score], list[tuple[str, set[str], set[str]]]]:
    """Scores per kind and the misclassified cells (text, expected, detected)."""
    cells = load()
    scan = scan_column(pl.Series("texto", [text for text, _ in cells]))
    scores: dict[str, Score] = {kind: Score() for kind in scan.masks}
    errors = []
    for index, (text, expected) in enumerate(cells):
        detected = {kind for kind, mask in scan.masks.items() if mask[index]}
        for kind in scores:
            if kind in expected and kind in detected:
                scores[kind].true_positive += 1
            elif kind in detected:
                scores[kind].false_positive += 1
            elif kind in expected:
                scores[kind].false_negative += 1
        if expected != detected:
            errors.append((text, expected, detected))
    return scores, errors


def main() -> None:
    """Print recall and precision per detector kind and the misclassified cells."""
    scores, errors = score()
    print(f"Corpus: {len(load())} celdas etiquetadas ({CORPUS})")
    print(f"{'tipo':<12} {'VP':>5} {'FP':>5} {'FN':>5} {'recall':>8} {'precisión':>10}")
    for kind, result in scores.items():
        print(
            f"{kind:<12} {result.true_positive:>5} {result.false_positive:>5} "
            f"{result.false_negative:>5} {result.recall:>8.3f} {result.precision:>10.3f}"
        )
    total = Score(
        sum(s.true_positive for s in scores.values()),
        sum(s.false_positive for s in scores.values()),
        sum(s.false_negative for s in scores.values()),
    )
    counts = f"{total.true_positive:>5} {total.false_positive:>5} {total.false_negative:>5}"
    print(f"{'total':<12} {counts} {total.recall:>8.3f} {total.precision:>10.3f}")
    print(f"Celdas mal clasificadas: {len(errors)} (tipos esperados vs detectados, sin valores)")
    for _text, expected, detected in errors[:20]:
        print(f"  esperado {sorted(expected)} detectado {sorted(detected)}")


if __name__ == "__main__":
    main()
