"""`datamuni publicar` on an unchanged file against the real CKAN: one read, no pipeline, no write.

CKAN calls are counted by a proxy in front of CKAN (not by datamuni); `--forzar`, `--simular` and
a file with one value edited take the whole journey.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from benchmarks.national.proxy import CountingProxy, is_write
from benchmarks.national.world import (
    TOKEN_VARIABLE,
    bench_environment,
    bench_settings,
    config_text,
    copy_catalog,
    source_bytes,
    write_if_changed,
)
from datamuni.catalog import catalog_from_settings
from datamuni.cli.main import app
from datamuni.packaging import names
from datamuni.publishing import fingerprint
from datamuni.publishing.bootstrap import prepare_municipality
from datamuni.publishing.client import CkanClient
from datamuni.stack import StackInfo
from datamuni.territory import comuna_by_code

pytestmark = pytest.mark.integration
# Juan Fernández: no other test publishes for it (nor rotates its editor's tokens).
COMUNA = comuna_by_code("05104")
PERIOD = "2026-10"
UNCHANGED = (
    "Sin cambios: CKAN ya tiene este archivo publicado con la misma configuración "
    "(1 lectura, 0 escrituras)."
)


@dataclass
class Officer:
    """One officer's project folder, the file they publish and a proxy counting CKAN's calls."""

    folder: Path
    kind: str
    source: Path
    proxy: CountingProxy
    stack: StackInfo

    def publicar(self, *extra: str) -> tuple[str, int, Counter[str]]:
        """Run `datamuni publicar` on the file; its output, exit code and the CKAN calls it made."""
        before = self.proxy.snapshot()
        arguments = [str(self.source), "-m", COMUNA.code, "-p", PERIOD, *extra]
        result = CliRunner().invoke(app, ["publicar", *arguments])
        calls = self.proxy.snapshot()
        calls.subtract(before)
        text = result.output.replace("│", " ").replace("┃", " ")  # table cells read as words
        return " ".join(text.split()), result.exit_code, +calls

    def runs(self) -> int:
        """How many run folders (reports) exist."""
        folder = self.folder / "runs"
        return len(list(folder.iterdir())) if folder.is_dir() else 0

    def dataset(self) -> dict[str, Any]:
        """The dataset as CKAN holds it (read directly, not through the proxy)."""
        client = CkanClient(self.stack.ckan_url, self.stack.ckan_token)
        name = names.dataset_name(self.kind, COMUNA)
        shown: dict[str, Any] = client.call("package_show", {"id": name})
        return shown

    def data_resource(self) -> dict[str, Any]:
        """The period's data resource."""
        resources = self.dataset()["resources"]
        return next(r for r in resources if r.get("datamuni_rol") == "datos")


@pytest.fixture
def officer(
    stack: StackInfo, run_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Officer]:
    """A fresh kind name per session, Juan Fernández's editor token and its configuration."""
    (kind,) = copy_catalog(tmp_path, f"c{run_id[:8]}_", only=["remuneraciones"])
    settings = bench_settings(tmp_path, stack.ckan_url)
    groups = sorted({k.catalog.group for k in catalog_from_settings(settings).values()})
    # Never revoke: a concurrent session of this test may be publishing with an earlier token.
    editor = prepare_municipality(
        settings, stack.ckan_token, COMUNA, [g for g in groups if g], revoke_previous=False
    )
    municipios = tmp_path / "municipios"
    write_if_changed(
        municipios / f"{COMUNA.code}.yaml", config_text(COMUNA, [kind], PERIOD).encode()
    )
    source = municipios / COMUNA.code / f"{kind}-{PERIOD}.csv"
    write_if_changed(source, source_bytes(COMUNA, "remuneraciones", PERIOD, 12))
    with CountingProxy(stack.ckan_url) as proxy:
        for key, value in bench_environment(tmp_path, proxy.url).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv(TOKEN_VARIABLE, editor.token.get_secret_value())
        monkeypatch.delenv("DATAMUNI_CKAN_TOKEN", raising=False)
        yield Officer(tmp_path, kind, source, proxy, stack)


def writes(calls: Counter[str]) -> int:
    return sum(n for action, n in calls.items() if is_write(action))


def set_first_gross_pay(source: Path, value: str) -> None:
    """Write `value` as the first row's gross pay, every other cell kept."""
    rows = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"))))
    rows[0]["remuneracion_bruta"] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    source.write_text(out.getvalue(), encoding="utf-8")


def edit_one_value(source: Path) -> None:
    """Raise the first row's gross pay by 1.000 pesos (still a valid row)."""
    rows = csv.DictReader(io.StringIO(source.read_text(encoding="utf-8")))
    set_first_gross_pay(source, str(int(next(rows)["remuneracion_bruta"]) + 1000))


def test_unchanged_file_is_answered_from_one_read_and_changes_take_the_whole_journey(
    officer: Officer,
) -> None:
    output, code, calls = officer.publicar("--tipo", officer.kind)
    assert code == 0, output
    assert "Resultado publicado" in output and "Reportes:" in output
    assert officer.runs() == 1 and writes(calls) > 0, calls
    first = officer.dataset()
    assert officer.data_resource()[fingerprint.FIELD].startswith(f"v{fingerprint.VERSION}:")
    url = f"{officer.proxy.url.rstrip('/')}/dataset/{first['name']}"

    for extra in (["--tipo", officer.kind], []):  # without `--tipo`: recognised by its headers
        output, code, calls = officer.publicar(*extra)
        assert code == 0, output
        assert UNCHANGED in output and url in output
        assert "Reportes:" not in output and "Filas leídas" not in output
        assert calls == Counter({"package_show": 1}), calls
        assert officer.runs() == 1  # no run folder, no reports: the pipeline never ran
        assert officer.dataset()["metadata_modified"] == first["metadata_modified"]

    output, code, calls = officer.publicar("--simular")
    assert code == 0 and "Sin cambios" not in output and "Resultado simulado" in output, output
    assert officer.runs() == 2 and writes(calls) == 0, calls

    output, code, calls = officer.publicar("--forzar")
    assert code == 0 and "Sin cambios" not in output, output
    assert "Resultado publicado" in output and f"CKAN (sin cambios): {url}" in output
    assert officer.runs() == 3  # the whole journey ran: reports written again
    assert writes(calls) == 0, calls  # identical content: the publisher changes nothing
    assert officer.dataset()["metadata_modified"] == first["metadata_modified"]

    before = officer.data_resource()
    edit_one_value(officer.source)
    output, code, calls = officer.publicar()
    assert code == 0 and "Sin cambios" not in output, output
    assert "Resultado publicado" in output and "CKAN (actualizado)" in output
    assert officer.runs() == 4 and calls["package_revise"] == 1, calls
    after = officer.data_resource()
    assert after["hash"] != before["hash"]
    assert after[fingerprint.FIELD] != before[fingerprint.FIELD]
    assert officer.dataset()["metadata_modified"] != first["metadata_modified"]

    output, code, calls = officer.publicar()  # the new file's fingerprint was recorded
    assert code == 0 and UNCHANGED in output, output
    assert officer.runs() == 4 and calls == Counter({"package_show": 1}), calls


def test_unchanged_file_with_quarantined_rows_still_exits_1_and_says_so(
    officer: Officer,
) -> None:
    set_first_gross_pay(officer.source, "N/A")  # unreadable: that row goes to quarantine
    output, code, calls = officer.publicar("--tipo", officer.kind)
    assert code == 1, output  # published, with one row kept out
    assert "Filas en cuarentena 1" in output and writes(calls) > 0, calls
    assert officer.data_resource()["datamuni_filas_cuarentena"] == "1"

    output, code, calls = officer.publicar("--tipo", officer.kind)
    assert UNCHANGED in output and calls == Counter({"package_show": 1}), calls
    assert code == 1, output  # as the full journey would exit: the file still has that row
    assert "la publicación vigente dejó 1 fila del archivo en cuarentena" in output
    assert officer.runs() == 1  # answered without the pipeline
