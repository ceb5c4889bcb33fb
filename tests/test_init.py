"""Importing datamuni sizes polars' thread pool before polars starts, unless the user chose."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = "import datamuni, polars; print(polars.thread_pool_size())"


@pytest.mark.parametrize(("chosen", "expected"), [(None, "1"), ("2", "2")])
def test_polars_pool_is_one_thread_unless_the_user_set_it(
    chosen: str | None, expected: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "POLARS_MAX_THREADS"}
    if chosen is not None:
        env["POLARS_MAX_THREADS"] = chosen
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert probe.stdout.strip() == expected
