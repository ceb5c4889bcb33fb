"""Solr 9 from Maven Central: cached jars, a compiled launcher, the `ckan` core's home."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from datamuni.errors import StackError
from datamuni.stack.processes import read_pid, run_checked, spawn_detached, stop_pid
from datamuni.stack.services import (
    SOLR_VERSION,
    ServiceStatus,
    StackPaths,
    ensure_port_free,
    http_ok,
    owned_and_alive,
    wait_until,
)
from datamuni.stack.system import require_java_and_maven

SERVICE = "solr"
PORT = 8983
CORE_URL = f"http://127.0.0.1:{PORT}/solr/ckan"
READY_URL = f"{CORE_URL}/select?q=*:*&rows=0"


def solr_cache(paths: StackPaths) -> Path:
    """Cache directory of Solr's jars and the compiled launcher."""
    return paths.cache / f"solr-{SOLR_VERSION}"


def ensure_solr_jars(paths: StackPaths) -> Path:
    """Download Solr's runtime jars with Maven once (cached); return the lib directory."""
    lib = solr_cache(paths) / "lib"
    if (lib / ".complete").is_file():
        return lib
    require_java_and_maven()
    partial = solr_cache(paths) / "lib.partial"
    shutil.rmtree(partial, ignore_errors=True)
    argv = [
        "mvn", "-q", "-B", "-f", str(paths.templates / "solr" / "pom.xml"),
        "dependency:copy-dependencies", "-DincludeScope=runtime", f"-DoutputDirectory={partial}",
    ]  # fmt: skip
    run_checked(SERVICE, argv, log_file=paths.log(SERVICE), what="descarga de Solr con Maven")
    shutil.rmtree(lib, ignore_errors=True)
    partial.rename(lib)
    (lib / ".complete").touch()
    return lib


def ensure_launcher(paths: StackPaths, lib: Path) -> Path:
    """Compile stack/solr/Launcher.java once per content hash; return the classes directory."""
    source = paths.templates / "solr" / "Launcher.java"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    classes = solr_cache(paths) / f"launcher-{digest}"
    if (classes / "Launcher.class").is_file():
        return classes
    require_java_and_maven()
    classes.mkdir(parents=True, exist_ok=True)
    argv = ["javac", "-cp", f"{lib}/*", "-d", str(classes), str(source)]
    run_checked(SERVICE, argv, log_file=paths.log(SERVICE), what="compilar el lanzador de Solr")
    return classes


def prepare_home(paths: StackPaths, ckan_schema: Path) -> Path:
    """Lay out the Solr home from the template, with schema.xml copied from the installed CKAN."""
    home = paths.service_dir(SERVICE) / "home"
    shutil.copytree(paths.templates / "solr" / "home", home, dirs_exist_ok=True)
    if not ckan_schema.is_file():
        raise StackError(SERVICE, f"no encontré el esquema de CKAN `{ckan_schema}`.")
    shutil.copyfile(ckan_schema, home / "ckan" / "conf" / "schema.xml")
    return home


def solr_ready() -> bool:
    """True when the `ckan` core answers a query."""
    return http_ok(READY_URL) is not None


def ensure_solr(paths: StackPaths, ckan_schema: Path) -> None:
    """Start Solr with the `ckan` core unless our instance already answers."""
    log, pid_file = paths.log(SERVICE), paths.pid(SERVICE)
    if owned_and_alive(paths, SERVICE) and solr_ready():
        return
    stop_pid(read_pid(pid_file))
    lib = ensure_solr_jars(paths)
    classes = ensure_launcher(paths, lib)
    home = prepare_home(paths, ckan_schema)
    ensure_port_free(SERVICE, PORT, log)
    argv = [
        "java", "-Xms256m", "-Xmx1g", "-Djava.awt.headless=true", f"-Dsolr.log.dir={log.parent}",
        f"-Dlog4j2.configurationFile={paths.templates / 'solr' / 'log4j2.xml'}",
        "-cp", f"{classes}:{lib}/*", "Launcher", str(home), str(PORT),
    ]  # fmt: skip
    spawn_detached(argv, log_file=log, pid_file=pid_file, cwd=paths.service_dir(SERVICE))
    wait_until(SERVICE, solr_ready, pid_file=pid_file, log_file=log, timeout=120)


def solr_status(paths: StackPaths) -> ServiceStatus:
    """Whether the `ckan` core answers, with Solr's version."""
    info = http_ok(f"http://127.0.0.1:{PORT}/solr/admin/info/system?wt=json")
    if info is None or not solr_ready():
        return ServiceStatus(SERVICE, False, "", CORE_URL, "el núcleo `ckan` no responde")
    version = str(info.json().get("lucene", {}).get("solr-spec-version", SOLR_VERSION))
    return ServiceStatus(SERVICE, True, version, CORE_URL)


def stop_solr(paths: StackPaths) -> bool:
    """Stop the Solr this stack started."""
    return stop_pid(read_pid(paths.pid(SERVICE)), timeout=30)
