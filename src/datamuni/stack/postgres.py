"""PostgreSQL from Debian: the `main` cluster via pg_ctlcluster, CKAN's roles and databases."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from datamuni.errors import StackError
from datamuni.stack.ports import port_open
from datamuni.stack.processes import run_checked, tail_log
from datamuni.stack.services import ServiceStatus, StackPaths, ensure_port_free, wait_until

SERVICE = "postgres"
PORT = 5432
ROLES = ("ckan_default", "datastore_ro", "datamuni")
# database -> owner role
DATABASES = {
    "ckan_default": "ckan_default",
    "datastore_default": "ckan_default",
    "datamuni": "datamuni",
}


@dataclass(frozen=True)
class Cluster:
    """One Debian cluster line of `pg_lsclusters`."""

    version: str
    name: str
    port: int
    online: bool
    log_file: Path


def find_cluster() -> Cluster | None:
    """The Debian cluster `main` of the newest installed version, if any."""
    result = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    clusters = []
    for line in result.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 7 and fields[1] == "main":
            online = fields[3] == "online"
            clusters.append(Cluster(fields[0], fields[1], int(fields[2]), online, Path(fields[6])))
    return max(clusters, key=lambda c: float(c.version)) if clusters else None


def _as_postgres(argv: list[str]) -> list[str]:
    """Prefix a command so it runs as the `postgres` system user."""
    return argv if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--", *argv]


def passwords(paths: StackPaths) -> dict[str, str]:
    """Role passwords of the stack (generated once, stored with mode 600 under the state dir)."""
    path = paths.service_dir(SERVICE) / "passwords.json"
    stored: dict[str, str] = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    if all(role in stored for role in ROLES):
        return stored
    stored = {role: stored.get(role) or secrets.token_urlsafe(18) for role in ROLES}
    path.write_text(json.dumps(stored), encoding="utf-8")
    path.chmod(0o600)
    return stored


def database_url(paths: StackPaths, database: str, role: str | None = None) -> str:
    """SQLAlchemy URL of a stack database over loopback TCP."""
    user = role or DATABASES[database]
    return f"postgresql://{user}:{passwords(paths)[user]}@127.0.0.1:{PORT}/{database}"


def bootstrap_sql(secret: dict[str, str]) -> str:
    """Idempotent SQL creating the roles and databases of the stack (psql with \\gexec)."""
    lines = []
    for role in ROLES:
        lines.append(
            f"SELECT 'CREATE ROLE {role} LOGIN' WHERE NOT EXISTS "
            f"(SELECT FROM pg_roles WHERE rolname = '{role}')\\gexec"
        )
        lines.append(f"ALTER ROLE {role} PASSWORD '{secret[role]}';")
    for database, owner in DATABASES.items():
        lines.append(
            f"SELECT 'CREATE DATABASE {database} OWNER {owner} ENCODING ''UTF8''"
            " TEMPLATE template0'"
            f" WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{database}')\\gexec"
        )
    return "\n".join(lines) + "\n"


def psql(paths: StackPaths, sql: str, database: str = "postgres", what: str = "psql") -> str:
    """Run SQL as the postgres superuser over the local socket."""
    argv = _as_postgres(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database])
    return run_checked(SERVICE, argv, log_file=paths.log(SERVICE), what=what, input_text=sql)


def ensure_postgres(paths: StackPaths) -> None:
    """Start the Debian cluster (created if needed); create the stack's roles and databases."""
    cluster = find_cluster()
    log = paths.log(SERVICE)
    if cluster is None:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
        if not versions:
            raise StackError(
                SERVICE, "PostgreSQL no está instalado.", "apt-get install -y postgresql"
            )
        version = versions[-1].parent.parent.name
        run_checked(
            SERVICE, ["pg_createcluster", version, "main"], log_file=log, what="crear cluster"
        )
        cluster = find_cluster()
        assert cluster is not None
    if cluster.port != PORT:
        raise StackError(SERVICE, f"el cluster `main` usa el puerto {cluster.port}, no {PORT}.")
    marker = paths.service_dir(SERVICE) / "bootstrapped"
    if cluster.online and marker.is_file():
        return
    if not cluster.online:
        ensure_port_free(SERVICE, PORT, cluster.log_file)
        argv = ["pg_ctlcluster", cluster.version, cluster.name, "start"]
        run_checked(SERVICE, argv, log_file=log, what="pg_ctlcluster start")
        (paths.service_dir(SERVICE) / "started-by-datamuni").touch()
    wait_until(
        SERVICE, lambda: port_open(PORT), pid_file=None, log_file=cluster.log_file, timeout=30
    )
    psql(paths, bootstrap_sql(passwords(paths)), what="crear roles y bases de datos")
    marker.touch()


def postgres_status(paths: StackPaths) -> ServiceStatus:
    """Whether the cluster is online and answers, with its server version."""
    url = f"postgresql://127.0.0.1:{PORT}"
    cluster = find_cluster()
    if cluster is None or not cluster.online or not port_open(PORT):
        return ServiceStatus(SERVICE, False, "", url, "cluster detenido")
    try:
        version = psql(paths, "SHOW server_version;", what="consultar versión").strip()
    except StackError as error:
        return ServiceStatus(SERVICE, False, cluster.version, url, error.message.splitlines()[0])
    return ServiceStatus(SERVICE, True, version.split()[0], url)


def stop_postgres(paths: StackPaths) -> bool:
    """Stop the cluster if this stack started it."""
    marker = paths.service_dir(SERVICE) / "started-by-datamuni"
    cluster = find_cluster()
    if cluster is None or not cluster.online or not marker.is_file():
        return False
    argv = ["pg_ctlcluster", cluster.version, cluster.name, "stop"]
    run_checked(SERVICE, argv, log_file=paths.log(SERVICE), what="pg_ctlcluster stop")
    marker.unlink()
    (paths.service_dir(SERVICE) / "bootstrapped").unlink(missing_ok=True)
    return True


def postgres_log_tail(paths: StackPaths) -> str:
    """Last lines of the cluster's own log."""
    cluster = find_cluster()
    return tail_log(cluster.log_file) if cluster else tail_log(paths.log(SERVICE))
