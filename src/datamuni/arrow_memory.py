"""Arrow's memory allocator, chosen once per process before the first batch is read."""

from __future__ import annotations

import logging
import threading

import pyarrow as pa

from datamuni.settings import Settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_configured: tuple[str, int] | None = None


def configure_arrow_memory(settings: Settings) -> str:
    """Make `settings.arrow_allocator` Arrow's default pool; return the backend in use.

    The reading, validating and protecting threads each free batches another thread allocated.
    jemalloc with a short decay returns those pages to the system; mimalloc, pyarrow's default,
    held them per thread. Where pyarrow was built without the allocator asked for, its default
    stays (a slower release of memory, never a failed run).
    """
    global _configured
    wanted = (settings.arrow_allocator, settings.arrow_decay_ms)
    with _lock:
        if _configured == wanted:
            return str(pa.default_memory_pool().backend_name)
        factory = {
            "jemalloc": pa.jemalloc_memory_pool,
            "mimalloc": pa.mimalloc_memory_pool,
            "system": pa.system_memory_pool,
        }[settings.arrow_allocator]
        try:
            if settings.arrow_allocator == "jemalloc":
                pa.jemalloc_set_decay_ms(settings.arrow_decay_ms)
            pa.set_memory_pool(factory())
        except NotImplementedError:
            logger.info("pyarrow no trae el asignador %s; se usa el suyo", settings.arrow_allocator)
        _configured = wanted
        return str(pa.default_memory_pool().backend_name)
