"""Log and message redaction: the detectors applied to every log record, error and report."""

from __future__ import annotations

import logging
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
    """Redact every string inside nested dicts, lists and tuples (keys included)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {redact_structure(key): redact_structure(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_structure(item) for item in value]
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


def install_redaction(logger: logging.Logger | None = None) -> RedactionFilter:
    """Attach a redaction filter to `logger` (root by default) and to each of its handlers."""
    target = logger or logging.getLogger()
    redaction = RedactionFilter()
    target.addFilter(redaction)
    for handler in target.handlers:
        handler.addFilter(redaction)
    return redaction
