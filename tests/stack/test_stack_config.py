"""Pure parts of the stack: CKAN ini overrides, PostgreSQL bootstrap SQL, cached downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from datamuni.errors import StackError
from datamuni.stack import postgres, solr
from datamuni.stack.ckan_config import apply_overrides, load_overrides
from datamuni.stack.ckan_install import ckan_venv, ensure_ckan_installed
from datamuni.stack.services import StackPaths
from datamuni.stack.system import java_major_version, require_java_and_maven

PROJECT_DIR = Path(__file__).resolve().parents[2]
GENERATED = """[DEFAULT]
debug = false

[app:main]
use = egg:ckan
sqlalchemy.url = postgresql://ckan_default:pass@localhost/ckan_default
# ckan.storage_path = /var/lib/ckan/default
ckan.locale_default = en

[loggers]
keys = root
"""


@pytest.fixture
def paths(tmp_path: Path) -> StackPaths:
    """Stack paths with state and cache in a temporary folder, templates from this checkout."""
    return StackPaths(project=PROJECT_DIR, state=tmp_path / "state", cache=tmp_path / "cache")


def test_apply_overrides_replaces_and_appends_inside_app_main() -> None:
    text = apply_overrides(
        GENERATED, {"ckan.locale_default": "es", "ckan.storage_path": "/datos", "nuevo": "1"}
    )
    assert "ckan.locale_default = es" in text
    assert "# ckan.storage_path = /var/lib/ckan/default" in text
    app_main = text.split("[app:main]")[1].split("[loggers]")[0]
    assert "ckan.storage_path = /datos" in app_main and "nuevo = 1" in app_main
    assert apply_overrides(text, {"ckan.locale_default": "es"}) == text


def test_overrides_template_sets_what_the_stack_promises() -> None:
    values = {
        "ckan_db_url": "postgresql://u:p@127.0.0.1/ckan_default",
        "storage_path": "/s",
        "datastore_write_url": "postgresql://w",
        "datastore_read_url": "postgresql://r",
    }
    overrides = load_overrides(PROJECT_DIR / "stack" / "ckan" / "overrides.ini", values)
    assert overrides["ckan.site_url"] == "http://127.0.0.1:5000"
    assert overrides["solr_url"] == "http://127.0.0.1:8983/solr/ckan"
    assert overrides["ckan.locale_default"] == "es"
    assert "activity" in overrides["ckan.plugins"].split()
    assert int(overrides["ckan.max_resource_size"]) >= 1024
    assert overrides["ckan.storage_path"] == "/s"


def test_bootstrap_sql_is_idempotent_and_uses_the_passwords() -> None:
    secret = {role: f"clave-{role}" for role in postgres.ROLES}
    sql = postgres.bootstrap_sql(secret)
    assert "WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ckan_default')" in sql
    assert "ALTER ROLE datastore_ro PASSWORD 'clave-datastore_ro';" in sql
    assert "CREATE DATABASE datastore_default OWNER ckan_default" in sql
    assert sql.count("\\gexec") == len(postgres.ROLES) + len(postgres.DATABASES)


def test_passwords_are_generated_once_with_mode_600(paths: StackPaths) -> None:
    first = postgres.passwords(paths)
    assert postgres.passwords(paths) == first
    stored = paths.state / "postgres" / "passwords.json"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert postgres.database_url(paths, "datastore_default", role="datastore_ro").startswith(
        f"postgresql://datastore_ro:{first['datastore_ro']}@127.0.0.1:5432/"
    )


def test_cached_solr_jars_and_ckan_venv_are_reused_without_downloading(paths: StackPaths) -> None:
    lib = solr.solr_cache(paths) / "lib"
    lib.mkdir(parents=True)
    (lib / ".complete").touch()
    assert solr.ensure_solr_jars(paths) == lib
    venv = ckan_venv(paths)
    venv.mkdir(parents=True)
    (venv / ".datamuni-complete").touch()
    assert ensure_ckan_installed(paths) == venv / "bin"
    assert not (paths.state / "logs").exists()


def test_missing_ckan_schema_is_a_solr_error(paths: StackPaths) -> None:
    with pytest.raises(StackError, match="no encontré el esquema de CKAN"):
        solr.prepare_home(paths, paths.cache / "no-existe" / "schema.xml")


def test_java_version_is_read() -> None:
    major = java_major_version()
    assert major is None or major >= 8


def test_missing_java_is_a_spanish_solr_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert java_major_version() is None
    with pytest.raises(StackError) as caught:
        require_java_and_maven()
    assert str(caught.value).startswith("Servicio `solr`: Solr 9 necesita Java 17")
    assert "apt-get install -y openjdk-17-jdk-headless" in caught.value.hint
