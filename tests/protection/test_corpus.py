"""The labelled corpus: at least 2,000 cells; recall and precision floors per detector."""

from __future__ import annotations

from tests.protection.corpus_report import load, score


def test_corpus_recall_and_precision() -> None:
    assert len(load()) >= 2000
    scores, _errors = score()
    for kind, result in scores.items():
        assert result.recall >= 0.98, kind
        assert result.precision >= 0.95, kind
