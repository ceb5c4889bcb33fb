"""datamuni: publicación de datos abiertos municipales de Chile."""

import os

__version__ = "0.1.0"

# polars sizes its thread pool once, when it is first imported, from this variable only (no
# setting can change it later). datamuni's stages already run in parallel threads (read,
# validate, protect, write), so polars' own pool only made each call wait for a hand-off between
# threads: ~140 µs per call against ~36 µs with one thread, paid on every column of every batch
# (1M-row benchmark: without the suite 8.5 → 8.1 s, with it 12.2 → 11.9 s). A value the user set
# is kept.
os.environ.setdefault("POLARS_MAX_THREADS", "1")
# OpenBLAS (numpy's and scipy's, loaded by GX in its worker) starts one thread per extra core,
# and each spins for ~0.1 s of CPU on load and after calls, competing with the stages on this
# 2-core machine (GX worker start-up: ~2.5 → ~2.3 s of CPU). datamuni runs no linear algebra.
# Spawned workers inherit the variable; OpenBLAS reads it once, when it is loaded.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
