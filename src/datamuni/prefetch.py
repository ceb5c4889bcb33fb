"""Run a stage of the batch stream in its own thread, a bounded number of batches ahead.

pyarrow and polars release the GIL inside their kernels, so reading/normalizing, validating and
protecting overlap on separate cores. Order, exceptions and clean-up are those of the plain
iterator: the stage starts on the first `next()`, its errors surface in the consumer, and when
the consumer stops early the stage is closed (its `finally` blocks run) before control returns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

Item = TypeVar("Item")
_END = object()
_POLL_SECONDS = 0.05


def prefetched(
    source: Iterator[Item], ahead: int = 2, name: str = "etapa"
) -> Generator[Item, None, None]:
    """Iterate `source` in a background thread, at most `ahead` items in advance."""
    return _consume(source, ahead, name)


def _consume(source: Iterator[Item], ahead: int, name: str) -> Generator[Item, None, None]:
    items: queue.Queue[object] = queue.Queue(maxsize=ahead)
    stop = threading.Event()
    worker = threading.Thread(
        target=_produce, args=(source, items, stop), name=f"datamuni-{name}", daemon=True
    )
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()


class _Failure:
    """An exception raised by the stage, carried to the consumer."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def _produce(source: Iterator[Item], items: queue.Queue[object], stop: threading.Event) -> None:
    """Feed `items` from `source` until it ends, fails, or the consumer stops."""
    try:
        for item in source:
            if not _offer(items, item, stop):
                return
        _offer(items, _END, stop)
    except BaseException as error:  # re-raised in the consumer's thread
        _offer(items, _Failure(error), stop)
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()


def _offer(items: queue.Queue[object], item: object, stop: threading.Event) -> bool:
    """Put `item`, waiting for room; False when the consumer has stopped."""
    while not stop.is_set():
        try:
            items.put(item, timeout=_POLL_SECONDS)
            return True
        except queue.Full:
            continue
    return False
