"""Which (year, month, day) integer triples are real calendar dates, computed on Arrow arrays."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

_MONTH_DAYS = pa.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], pa.int32())


def real_dates(year: pa.Array, month: pa.Array, day: pa.Array) -> pa.Array:
    """True where the parts (int32, nulls allowed) form a real Gregorian date from year 1 on.

    Null where a part is null. Year 0 is refused as Python's `date` and frictionless refuse it.
    """
    leap = pc.and_(
        pc.equal(pc.bit_wise_and(year, 3), 0),
        pc.or_(
            pc.not_equal(pc.multiply(pc.divide(year, 100), 100), year),
            pc.equal(pc.multiply(pc.divide(year, 400), 400), year),
        ),
    )
    in_range = pc.and_(pc.greater_equal(month, 1), pc.less_equal(month, 12))
    longest = pc.take(_MONTH_DAYS, pc.if_else(in_range, pc.subtract(month, 1), 0))
    longest = pc.if_else(pc.and_(leap, pc.equal(month, 2)), 29, longest)
    day_ok = pc.and_(pc.greater_equal(day, 1), pc.less_equal(day, longest))
    return pc.and_(pc.and_(in_range, day_ok), pc.greater_equal(year, 1))
