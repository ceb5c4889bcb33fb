"""Benchmarks of datamuni against its peers (`python -m benchmarks.run`, `make bench`)."""
