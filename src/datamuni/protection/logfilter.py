"""Log and message redaction: the detectors applied to every log record, error and report."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import polars as pl

from datamuni.protection.detectors import scan_column


def redact_text(text: str) -> str:
    """`text` with every detected RUT, e-mail, phone, address and sensitive statement replaced."""
    if not text:
        return text
    redacted = scan_column(pl.Series([text])).spans_redacted[0]
    return str(redacted)


def redact_structure(value: Any) -> Any:
    """Redact every string inside nested dicts, lists and tuples (keys included).

    The strings are scanned together in one column: a report holds hundreds of them, and one
    scan per string cost seconds at the end of every run.
    """
    texts: dict[str, str] = {}
    _collect(value, texts)
    if texts:
        unique = list(texts)
        redacted = scan_column(pl.Series(unique, dtype=pl.String)).spans_redacted.to_list()
        texts = {text: str(clean) for text, clean in zip(unique, redacted, strict=True)}
    return _rebuild(value, texts)


def _collect(value: Any, texts: dict[str, str]) -> None:
    """Every non-empty string inside `value`, as keys of `texts`."""
    if isinstance(value, str):
        if value:
            texts[value] = value
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect(key, texts)
            _collect(item, texts)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, texts)


def _rebuild(value: Any, texts: dict[str, str]) -> Any:
    """`value` with its strings replaced by their redacted text (tuples become lists)."""
    if isinstance(value, str):
        return texts.get(value, value)
    if isinstance(value, dict):
        return {_rebuild(key, texts): _rebuild(item, texts) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rebuild(item, texts) for item in value]
    return value


class RedactionFilter(logging.Filter):
    """Rewrites each record's message, arguments, exception and stack text through the detectors."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drops it."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not leak its arguments either
            message = f"{record.msg} {record.args}"
        record.msg = redact_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True


_GUARD = threading.local()


def _redacting_factory(base: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    """A record factory that redacts every record when it is created, whatever its logger."""

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        if not getattr(_GUARD, "active", False):  # the detectors must not redact themselves
            _GUARD.active = True
            try:
                RedactionFilter().filter(record)
            finally:
                _GUARD.active = False
        return record

    make.datamuni_redaction = True  # type: ignore[attr-defined]
    return make


def install_redaction(logger: logging.Logger | None = None) -> RedactionFilter:
    """Redact every log record of the process, and attach a filter to `logger` and its handlers.

    Filters on a logger only see records created by that very logger (not its children's,
    nor handlers added later), so the record factory is what guarantees every record.
    """
    with _INSTALL_LOCK:
        current = logging.getLogRecordFactory()
        if not getattr(current, "datamuni_redaction", False):
            logging.setLogRecordFactory(_redacting_factory(current))
        target = logger or logging.getLogger()
        redaction = next(
            (item for item in target.filters if isinstance(item, RedactionFilter)), None
        )
        if redaction is None:
            redaction = RedactionFilter()
            target.addFilter(redaction)
        for handler in target.handlers:
            if redaction not in handler.filters:
                handler.addFilter(redaction)
        return redaction


_INSTALL_LOCK = threading.Lock()
