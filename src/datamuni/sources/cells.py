"""Typed spreadsheet, JSON and SQL values as the text a CSV export would hold."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

_AMBIGUOUS_DECIMAL = re.compile(r"-?\d{1,3}\.\d{3}")


def cell_text(value: object) -> str | None:
    """Text of a typed cell: integers without `.0`, ISO dates, JSON for nested values.

    A float such as `1.234` would read as a Chilean thousands separator, so it gets a trailing
    zero (`1.2340`), which normalization reads as a decimal point.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        return text + "0" if _AMBIGUOUS_DECIMAL.fullmatch(text) else text
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text + "0" if _AMBIGUOUS_DECIMAL.fullmatch(text) else text
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
