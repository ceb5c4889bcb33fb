"""`prefetched` keeps order, carries errors to the consumer, and closes a stage left early."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from datamuni.prefetch import prefetched


def test_order_and_laziness() -> None:
    started: list[bool] = []

    def stage() -> Iterator[int]:
        started.append(True)
        yield from range(100)

    stream = prefetched(stage(), ahead=2)
    assert not started  # nothing runs before the first `next()`
    assert list(stream) == list(range(100))


def test_errors_reach_the_consumer() -> None:
    def stage() -> Iterator[int]:
        yield 1
        raise ValueError("fila mala")

    stream = prefetched(stage())
    assert next(stream) == 1
    with pytest.raises(ValueError, match="fila mala"):
        next(stream)


def test_stage_closed_when_consumer_stops() -> None:
    closed: list[bool] = []

    def stage() -> Iterator[int]:
        try:
            yield from range(1000)
        finally:
            closed.append(True)

    stream = prefetched(stage(), ahead=1)
    assert next(stream) == 0
    stream.close()
    assert closed == [True]
