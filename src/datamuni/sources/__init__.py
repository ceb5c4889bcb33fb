"""Readers of municipal files: one per format, producing normalized text record batches."""

from datamuni.kind_headers import match_header, normalize_header, recognize_kind
from datamuni.sources.read import read_source
from datamuni.sources.table import NormalizationNotes, SourceColumn, SourceTable

__all__ = [
    "NormalizationNotes",
    "SourceColumn",
    "SourceTable",
    "match_header",
    "normalize_header",
    "read_source",
    "recognize_kind",
]
