"""Readers of municipal files: one per format, producing normalized text record batches."""
