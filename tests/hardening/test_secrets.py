"""Secrets and personal data: a canary token never shows up anywhere; every log record is
redacted; quarantine files are owner-only and purged after the retention period."""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError
from typer.testing import CliRunner

from datamuni.cli.main import app
from datamuni.errors import DatamuniError, PublishError
from datamuni.pipeline import run_dataset
from datamuni.protection.logfilter import install_redaction
from datamuni.publishing.client import CkanClient, CkanUnavailable
from datamuni.runs import purge_expired_runs
from datamuni.settings import Settings
from tests.hardening.hostile_support import GOOD, csv_bytes, row, settings_for, with_bad

TOKEN = "canario-token-8f3a9c1e7d2b4a60"
KEY = "canario-clave-seudonimos-55aa"
RUT, MAIL, PHONE = "12.345.678-5", "canario.logs@gmail.com", "+56 9 8765 4321"


def _closed_port() -> str:
    """A loopback URL where nothing listens (connection refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _everything_under(*roots: Path) -> bytes:
    return b"".join(
        path.read_bytes() for root in roots if root.exists() for path in root.rglob("*")
        if path.is_file()
    )  # fmt: skip


def _debug_http_loggers(caplog: pytest.LogCaptureFixture) -> None:
    """DEBUG where requests are logged (URLs, headers); INFO elsewhere (keeps the test fast)."""
    caplog.set_level(logging.INFO)
    for name in ("urllib3", "requests", "ckanapi", "httpx", "datamuni"):
        caplog.set_level(logging.DEBUG, logger=name)


def test_settings_never_show_the_token() -> None:
    settings = Settings(ckan_token=SecretStr(TOKEN), pseudonym_key=SecretStr(KEY))
    shown = [repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump())]
    for text in shown:
        assert TOKEN not in text and KEY not in text
    with pytest.raises(ValidationError) as invalid:
        Settings(ckan_token=TOKEN, k_anonymity="muchos")  # type: ignore[arg-type]
    assert TOKEN not in str(invalid.value) and TOKEN not in repr(invalid.value)


def test_client_errors_and_logs_never_show_the_token(caplog: pytest.LogCaptureFixture) -> None:
    client = CkanClient(_closed_port(), SecretStr(TOKEN), timeout=2, attempts=2, base_delay=0.01)
    _debug_http_loggers(caplog)
    with pytest.raises(CkanUnavailable) as failed:
        client.call("package_show", {"id": "x"})
    rendered = "".join(traceback.format_exception(failed.value))
    for text in (repr(client), str(failed.value), repr(failed.value), rendered, caplog.text):
        assert TOKEN not in text
    assert "no respondió" in str(failed.value)


def test_failed_publication_leaves_no_token_in_artifacts_errors_or_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "remuneraciones.csv"
    source.write_bytes(csv_bytes(GOOD))
    settings = settings_for(tmp_path, ckan_url=_closed_port(), ckan_retries=1)
    _debug_http_loggers(caplog)
    with pytest.raises(PublishError) as failed:
        run_dataset(settings, source=source, kind=None, municipality="05101", period="2026-10",
                    token=SecretStr(TOKEN))  # fmt: skip
    text = "".join(traceback.format_exception(failed.value)) + caplog.text
    assert TOKEN not in text
    artifacts = _everything_under(tmp_path / "runs", tmp_path / "dp", tmp_path / "state")
    assert artifacts and TOKEN.encode() not in artifacts


def test_cli_output_never_shows_the_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datamuni.cli.main import app

    source = tmp_path / "remuneraciones.csv"
    source.write_bytes(csv_bytes(GOOD))
    for name, value in {
        "DATAMUNI_CKAN_TOKEN": TOKEN,
        "DATAMUNI_CKAN_URL": _closed_port(),
        "DATAMUNI_CKAN_RETRIES": "1",
        "DATAMUNI_RUNS_DIR": str(tmp_path / "runs"),
        "DATAMUNI_DATAPACKAGES_DIR": str(tmp_path / "dp"),
        "DATAMUNI_STATE_DIR": str(tmp_path / "state"),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = CliRunner().invoke(
        app, ["publicar", str(source), "-m", "05101", "-p", "2026-10", "-t", "remuneraciones"]
    )
    output = result.output + (result.stderr if result.stderr_bytes else "")
    assert result.exit_code == 2, output
    assert "CKAN" in output and TOKEN not in output
    assert not isinstance(result.exception, DatamuniError | None) or TOKEN not in str(
        result.exception
    )


@pytest.mark.parametrize("logger_name", ["datamuni.publishing.client", "urllib3.connectionpool",
                                         "prefect.flow_runs", "un.modulo.cualquiera"])  # fmt: skip
def test_every_log_record_is_redacted(logger_name: str) -> None:
    """Also for child loggers and handlers added after the redaction was installed."""
    install_redaction()
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(logging.Formatter("%(message)s").format(record))

    logger = logging.getLogger(logger_name)
    handler = Keep()
    logger.addHandler(handler)  # a handler added late, without the filter
    logger.setLevel(logging.INFO)
    try:
        logger.warning("fila con %s y %s", RUT, {"correo": MAIL, "fono": PHONE})
        try:
            raise ValueError(f"no se pudo leer {RUT} de {MAIL}")
        except ValueError:
            logger.exception("falló la lectura de %s", PHONE)
    finally:
        logger.removeHandler(handler)
    output = "\n".join(records)
    assert len(records) == 2 and "ValueError" in output
    for canary in (RUT, MAIL, PHONE, "12345678"):
        assert canary not in output, output
    assert "[RUT eliminado]" in output


def test_run_redacts_logs_without_anyone_installing_it(tmp_path: Path) -> None:
    """`run_dataset` (CLI and flows) installs the redaction itself."""
    logging.setLogRecordFactory(logging.LogRecord)  # as in a fresh process
    source = tmp_path / "remuneraciones.csv"
    source.write_bytes(csv_bytes(GOOD))
    run_dataset(settings_for(tmp_path), source=source, kind=None, municipality="05101",
                period="2026-10", publish=False)  # fmt: skip
    record = logging.getLogger("datamuni.cualquiera").makeRecord(
        "datamuni.cualquiera", logging.INFO, __file__, 1, "correo %s", (MAIL,), None
    )
    assert MAIL not in record.getMessage()


def test_quarantine_is_owner_only_and_purged_after_retention(tmp_path: Path) -> None:
    source = tmp_path / "remuneraciones.csv"
    source.write_bytes(csv_bytes(with_bad(row(gross="no es número", note=MAIL))))
    settings = settings_for(tmp_path, quarantine_retention_days=3)
    first = run_dataset(settings, source=source, kind=None, municipality="05101",
                        period="2026-10", publish=False)  # fmt: skip
    quarantine = first.run_folder / "cuarentena.csv"
    assert first.rows_quarantined == 1 and quarantine.is_file()
    assert quarantine.stat().st_mode & 0o777 == 0o600
    assert first.run_folder.stat().st_mode & 0o777 == 0o700
    # Fresh runs survive; a run older than the retention is purged by the next run.
    second = run_dataset(settings, source=source, kind=None, municipality="05101",
                         period="2026-10", publish=False)  # fmt: skip
    assert first.run_folder.exists()
    old = time.time() - 4 * 86400
    os.utime(first.run_folder, (old, old))
    third = run_dataset(settings, source=source, kind=None, municipality="05101",
                        period="2026-10", publish=False)  # fmt: skip
    assert not first.run_folder.exists()
    assert second.run_folder.exists() and third.run_folder.exists()


def test_purge_never_follows_links_and_tolerates_concurrent_purges(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, quarantine_retention_days=1)
    runs = tmp_path / "runs"
    keep = tmp_path / "ajeno"
    keep.mkdir()
    (keep / "importante.txt").write_text("no borrar", encoding="utf-8")
    runs.mkdir()
    os.symlink(keep, runs / "20200101T000000Z-enlace")
    old_run = runs / "20200101T000000Z-05101-remuneraciones-2020-01"
    old_run.mkdir()
    old = time.time() - 10 * 86400
    os.utime(old_run, (old, old))
    os.utime(runs / "20200101T000000Z-enlace", (old, old), follow_symlinks=False)
    assert purge_expired_runs(settings) == [old_run]
    assert (keep / "importante.txt").is_file()
    assert purge_expired_runs(settings) == []


def test_validar_and_proteger_purge_expired_runs_too(tmp_path: Path) -> None:
    # their run folders hold quarantines and protected copies just as a publication's do
    runs = tmp_path / "runs"
    runs.mkdir()
    expired = runs / "20200101T000000Z-00000-honorarios-sin-periodo"
    expired.mkdir()
    (expired / "cuarentena.csv").write_text(f"fila;correo\n2;{MAIL}\n", encoding="utf-8")
    old = time.time() - 40 * 86400
    os.utime(expired, (old, old))
    recent = runs / "20990101T000000Z-00000-honorarios-sin-periodo"
    recent.mkdir()
    root = Path(__file__).resolve().parents[2]
    sample = root / "municipios" / "05101" / "honorarios-2024-05.csv"
    env = {"DATAMUNI_PROJECT_DIR": str(root), "DATAMUNI_RUNS_DIR": str(runs)}
    for command in ("validar", "proteger"):
        result = CliRunner().invoke(app, [command, str(sample), "-m", "05101"], env=env)
        assert result.exit_code in (0, 1), result.output
        assert not expired.exists(), command
        expired.mkdir()
        os.utime(expired, (old, old))
    assert recent.exists()
