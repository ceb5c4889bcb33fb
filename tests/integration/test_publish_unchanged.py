"""No-change re-run against the real CKAN: zero writes, at most one read per dataset (counted by a
proxy in front of CKAN, not by datamuni), and any changed input republishes its dataset."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from benchmarks.national.admin import prepare_ckan
from benchmarks.national.proxy import CountingProxy, is_write
from benchmarks.national.world import Job, bench_settings, build_world, source_bytes
from datamuni.incremental import OUTCOME_UNCHANGED, run_incremental
from datamuni.municipalities import load_config
from datamuni.publishing import fingerprint
from datamuni.publishing.client import CkanClient
from datamuni.publishing.unchanged import cached_catalog
from datamuni.stack import StackInfo

pytestmark = pytest.mark.integration
KINDS = ["compras", "transferencias"]


def publish_all(
    jobs: list[Job], folder: Path, proxy: CountingProxy, token: SecretStr
) -> tuple[dict[str, Any], Counter[str]]:
    """Run every job through the fast path or the pipeline; results by dataset, calls seen."""
    settings = bench_settings(folder, proxy.url)
    client = CkanClient(proxy.url, token)
    before = proxy.snapshot()
    results = {}
    for job in jobs:
        config = load_config(settings, job.comuna.code)
        results[job.dataset] = run_incremental(
            settings,
            source=job.source,
            kind=job.kind,
            municipality=job.comuna.code,
            period=job.period,
            token=token,
            contact=config.contraparte.model_dump(),
            client=client,
        )
    calls = proxy.snapshot()
    calls.subtract(before)
    return results, +calls


def writes(calls: Counter[str]) -> int:
    return sum(n for action, n in calls.items() if is_write(action))


def data_resource(stack: StackInfo, name: str, token: SecretStr) -> dict[str, Any]:
    shown = CkanClient(stack.ckan_url, token).call("package_show", {"id": name})
    return next(r for r in shown["resources"] if r.get("datamuni_rol") == "datos")


def test_unchanged_rerun_reads_once_and_writes_nothing_changed_inputs_republish(
    stack: StackInfo, run_id: str, tmp_path: Path
) -> None:
    token = stack.ckan_token
    prefix = f"t{run_id[:8]}_"
    jobs = build_world(tmp_path, 3, 12, prefix=prefix, only=KINDS)
    settings = bench_settings(tmp_path, stack.ckan_url)
    kinds = list(cached_catalog(settings).values())
    prepare_ckan(CkanClient(stack.ckan_url, token), tmp_path, [j.comuna for j in jobs], kinds)
    with CountingProxy(stack.ckan_url) as proxy:
        first, _ = publish_all(jobs, tmp_path, proxy, token)
        assert {r.outcome for r in first.values()} == {"publicado"}, first

        again, calls = publish_all(jobs, tmp_path, proxy, token)
        assert {r.outcome for r in again.values()} == {OUTCOME_UNCHANGED}
        assert writes(calls) == 0, calls
        assert sum(calls.values()) <= len(jobs) and set(calls) == {"package_show"}, calls
        assert all(r.publish is not None and r.publish.reads == 1 for r in again.values())

        changed = jobs[1]
        before = data_resource(stack, changed.dataset, token)
        bigger = source_bytes(changed.comuna, changed.kind.removeprefix(prefix), changed.period, 13)
        changed.source.write_bytes(bigger)
        third, calls = publish_all(jobs, tmp_path, proxy, token)
        assert third[changed.dataset].outcome == "publicado"
        assert third[changed.dataset].rows_total == 13
        others = [r.outcome for name, r in third.items() if name != changed.dataset]
        assert set(others) == {OUTCOME_UNCHANGED}
        assert calls["package_revise"] == 1 and writes(calls) > 0, calls
        after = data_resource(stack, changed.dataset, token)
        assert after["hash"] != before["hash"]
        assert after[fingerprint.FIELD] != before[fingerprint.FIELD]

        # A protection rule of one kind changes: every dataset of that kind takes the full path.
        schema = tmp_path / "schemas" / f"{prefix}compras.yaml"
        text = schema.read_text(encoding="utf-8")
        at = text.index("name: objeto_compra")
        rule = "protection: {action: enmascarar}"
        edited = text[:at] + text[at:].replace(rule, "protection: {action: eliminar}", 1)
        assert edited != text
        schema.write_text(edited, encoding="utf-8")
        fourth, calls = publish_all(jobs, tmp_path, proxy, token)
        for job in jobs:
            expected = "publicado" if job.kind == f"{prefix}compras" else OUTCOME_UNCHANGED
            assert fourth[job.dataset].outcome == expected, job.dataset
        assert calls["package_revise"] == 3, calls  # the three compras datasets, nothing else
