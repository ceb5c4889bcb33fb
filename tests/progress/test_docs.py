"""docs/etapas-mgtm.md says what the code does: stage labels and deadline examples."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from datamuni.progress import STAGES, due_date

DOC = Path(__file__).parents[2] / "docs" / "etapas-mgtm.md"


def test_every_stage_is_documented_in_order() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d) \| \*\*(.+?)\*\* \|", text, flags=re.MULTILINE)
    assert [(int(order), label) for order, label in rows] == [
        (item.order, item.label) for item in STAGES
    ]


def test_deadline_examples_match_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    examples = re.findall(r"^\| (\d{4}-\d{2}) \| (\d{4}-\d{2}-\d{2}) \|", text, flags=re.MULTILINE)
    assert len(examples) == 5
    for period, deadline in examples:
        assert due_date(period) == date.fromisoformat(deadline), period
