"""The `datamuni` command line (Spanish, for municipal data officers)."""
