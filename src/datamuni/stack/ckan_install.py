"""CKAN from PyPI in its own cached virtual environment, with its pinned requirements."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from datamuni.stack.processes import run_checked
from datamuni.stack.services import CKAN_VERSION, StackPaths

SERVICE = "ckan"
GUNICORN = "gunicorn==23.0.0"
# CKAN pins psycopg2 (built from source); the binary wheel of the same version needs no compiler.
REQUIREMENTS_SCRIPT = """
import importlib.metadata as metadata
for requirement in metadata.requires("ckan") or []:
    name, _, marker = requirement.partition(";")
    if 'extra == "requirements"' in marker:
        print(name.strip().replace("psycopg2==", "psycopg2-binary=="))
"""


def ckan_venv(paths: StackPaths) -> Path:
    """The cached virtual environment of CKAN."""
    return paths.cache / f"ckan-{CKAN_VERSION}-venv"


def ckan_site_packages(paths: StackPaths) -> Path:
    """site-packages of CKAN's virtual environment."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return ckan_venv(paths) / "lib" / version / "site-packages"


def ckan_schema(paths: StackPaths) -> Path:
    """Solr schema shipped by the installed CKAN (it must match the CKAN version)."""
    return ckan_site_packages(paths) / "ckan" / "config" / "solr" / "schema.xml"


def ensure_ckan_installed(paths: StackPaths) -> Path:
    """Create CKAN's virtual environment once (cached, reused); return its bin directory."""
    venv = ckan_venv(paths)
    marker = venv / ".datamuni-complete"
    if marker.is_file():
        return venv / "bin"
    log = paths.log(SERVICE + "-install")
    shutil.rmtree(venv, ignore_errors=True)
    base_python = getattr(sys, "_base_executable", sys.executable)
    run_checked(SERVICE, [base_python, "-m", "venv", str(venv)], log_file=log, what="crear venv")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-input"]
    run_checked(SERVICE, [*pip, "--upgrade", "pip"], log_file=log, what="actualizar pip")
    run_checked(SERVICE, [*pip, f"ckan=={CKAN_VERSION}"], log_file=log, what="instalar CKAN")
    requirements = run_checked(
        SERVICE,
        [str(venv / "bin" / "python"), "-c", REQUIREMENTS_SCRIPT],
        log_file=log,
        what="leer los requisitos de CKAN",
    ).split()
    run_checked(
        SERVICE, [*pip, *requirements, GUNICORN], log_file=log, what="instalar requisitos de CKAN"
    )
    marker.write_text(f"ckan=={CKAN_VERSION}\n", encoding="utf-8")
    return venv / "bin"
