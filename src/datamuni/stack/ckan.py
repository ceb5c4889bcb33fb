"""The local CKAN: database migrations, datastore permissions, gunicorn, sysadmin and token."""

from __future__ import annotations

import secrets
from pathlib import Path

import httpx

from datamuni.errors import StackError
from datamuni.stack.ckan_config import ensure_ckan_config
from datamuni.stack.ckan_install import ensure_ckan_installed
from datamuni.stack.postgres import psql
from datamuni.stack.processes import read_pid, run_checked, spawn_detached, stop_pid, tail_log
from datamuni.stack.search_index import index_missing
from datamuni.stack.services import (
    ServiceStatus,
    StackPaths,
    ensure_port_free,
    http_ok,
    owned_and_alive,
    wait_until,
)
from datamuni.stack.solr import CORE_URL

SERVICE = "ckan"
PORT = 5000
URL = f"http://127.0.0.1:{PORT}"
SYSADMIN = "datamuni-admin"


def token_file(paths: StackPaths) -> Path:
    """Where the sysadmin API token is kept (mode 600, git-ignored)."""
    return paths.service_dir(SERVICE) / "sysadmin.token"


def ckan_cli(paths: StackPaths, bin_dir: Path, ini: Path, *args: str, what: str) -> str:
    """Run `ckan -c <ini> ...` from CKAN's virtual environment."""
    argv = [str(bin_dir / "ckan"), "-c", str(ini), *args]
    return run_checked(SERVICE, argv, log_file=paths.log(SERVICE + "-setup"), what=what)


def ckan_answers() -> bool:
    """True when CKAN's action API answers status_show."""
    return http_ok(f"{URL}/api/3/action/status_show") is not None


def token_valid(token: str) -> bool:
    """True when `token` authenticates as a sysadmin against the local CKAN."""
    try:
        response = httpx.get(
            f"{URL}/api/3/action/api_token_list",
            params={"user_id": SYSADMIN},
            headers={"Authorization": token},
            timeout=10,
        )
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def migrate_database(paths: StackPaths, bin_dir: Path, ini: Path) -> None:
    """Create or upgrade CKAN's tables, the plugins' ones, and the datastore's permissions."""
    ckan_cli(paths, bin_dir, ini, "db", "init", what="ckan db init")
    ckan_cli(paths, bin_dir, ini, "db", "pending-migrations", "--apply", what="migraciones")
    sql = ckan_cli(paths, bin_dir, ini, "datastore", "set-permissions", what="permisos datastore")
    psql(paths, sql, database="datastore_default", what="permisos del datastore")


def serve(paths: StackPaths, bin_dir: Path, ini: Path) -> None:
    """Start gunicorn (several workers and threads) serving CKAN on 127.0.0.1:5000."""
    log, pid_file = paths.log(SERVICE), paths.pid(SERVICE)
    ensure_port_free(SERVICE, PORT, log)
    argv = [
        str(bin_dir / "gunicorn"), "--bind", f"127.0.0.1:{PORT}", "--workers", "3",
        "--worker-class", "gthread", "--threads", "4", "--timeout", "600",
        "--chdir", str(paths.templates / "ckan"), "wsgi:application",
    ]  # fmt: skip
    env = {"CKAN_INI": str(ini)}
    spawn_detached(argv, log_file=log, pid_file=pid_file, env=env, cwd=paths.service_dir(SERVICE))
    wait_until(SERVICE, ckan_answers, pid_file=pid_file, log_file=log, timeout=120)


def ensure_sysadmin_token(paths: StackPaths, bin_dir: Path, ini: Path) -> str:
    """Create the sysadmin `datamuni-admin` and an API token (file mode 600) unless one works."""
    path = token_file(paths)
    if path.is_file() and token_valid(path.read_text(encoding="utf-8").strip()):
        return path.read_text(encoding="utf-8").strip()
    users = ckan_cli(paths, bin_dir, ini, "user", "list", what="listar usuarios")
    password_file = paths.service_dir(SERVICE) / "sysadmin.password"
    if f"name={SYSADMIN}" not in users.split():
        password = secrets.token_urlsafe(16)
        ckan_cli(
            paths, bin_dir, ini, "user", "add", SYSADMIN, "email=admin@datamuni.invalid",
            f"password={password}", "fullname=Administrador datamuni", what="crear sysadmin",
        )  # fmt: skip
        write_secret(password_file, password)
    elif not password_file.is_file():
        write_secret(password_file, reset_password(paths, bin_dir))
    ckan_cli(paths, bin_dir, ini, "sysadmin", "add", SYSADMIN, what="dar rol sysadmin")
    output = ckan_cli(
        paths, bin_dir, ini, "user", "token", "add", SYSADMIN, "datamuni-stack", what="crear token"
    )
    token = output.strip().splitlines()[-1].strip()
    if not token_valid(token):
        raise StackError(
            SERVICE, "el token del sysadmin recién creado no funciona.", log_tail=output
        )
    write_secret(path, token)
    return token


def write_secret(path: Path, value: str) -> None:
    """Write a secret file readable only by its owner (mode 600)."""
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(value + "\n", encoding="utf-8")


def reset_password(paths: StackPaths, bin_dir: Path) -> str:
    """Give the existing sysadmin a new password (hashed by CKAN's passlib); return it."""
    password = secrets.token_urlsafe(16)
    script = (
        "import sys; from passlib.hash import pbkdf2_sha512; print(pbkdf2_sha512.hash(sys.argv[1]))"
    )
    digest = run_checked(
        SERVICE,
        [str(bin_dir / "python"), "-c", script, password],
        log_file=paths.log(SERVICE + "-setup"),
        what="cifrar la contraseña del sysadmin",
    ).strip()
    sql = f"UPDATE \"user\" SET password = '{digest}' WHERE name = '{SYSADMIN}';"
    psql(paths, sql, database="ckan_default", what="cambiar la contraseña del sysadmin")
    return password


def ensure_ckan(paths: StackPaths) -> str:
    """Install, configure, migrate, serve, reindex and bootstrap CKAN; return the sysadmin token."""
    bin_dir = ensure_ckan_installed(paths)
    ini, changed = ensure_ckan_config(paths, bin_dir)
    if changed or not (owned_and_alive(paths, SERVICE) and ckan_answers()):
        stop_pid(read_pid(paths.pid(SERVICE)))
        migrate_database(paths, bin_dir, ini)
        serve(paths, bin_dir, ini)
    index_missing(paths, bin_dir, ini, CORE_URL)
    return ensure_sysadmin_token(paths, bin_dir, ini)


def ckan_status(paths: StackPaths) -> ServiceStatus:
    """Whether CKAN answers, with its version."""
    response = http_ok(f"{URL}/api/3/action/status_show")
    if response is None:
        detail = "no responde" + (" (ver registro)" if tail_log(paths.log(SERVICE)) else "")
        return ServiceStatus(SERVICE, False, "", URL, detail)
    return ServiceStatus(SERVICE, True, str(response.json()["result"]["ckan_version"]), URL)


def stop_ckan(paths: StackPaths) -> bool:
    """Stop the gunicorn this stack started."""
    return stop_pid(read_pid(paths.pid(SERVICE)))
