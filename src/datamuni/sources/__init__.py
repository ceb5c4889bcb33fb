"""Readers of municipal files: one per format, producing normalized text record batches.

`datamuni.sources.read.read_source` opens any source. This package module imports nothing: the
GX worker process needs `datamuni.sources.table` only, not every reader with polars and pandas.
"""
