"""Debian packages and Java: install what is missing (as root), check what cannot be installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from datamuni.errors import StackError
from datamuni.stack.processes import run_checked

# Debian package -> a file that proves it is installed.
DEBIAN_PACKAGES: dict[str, str] = {
    "postgresql": "/usr/bin/pg_ctlcluster",
    "redis-server": "/usr/bin/redis-server",
    "chromium": "/usr/bin/chromium",
    "chromium-driver": "/usr/bin/chromedriver",
}


def missing_packages(packages: dict[str, str] = DEBIAN_PACKAGES) -> list[str]:
    """Debian packages whose marker file is absent."""
    return [name for name, marker in packages.items() if not Path(marker).exists()]


def install_debian_packages(log_file: Path) -> list[str]:
    """apt-get install the missing Debian packages; return what was installed."""
    missing = missing_packages()
    if not missing:
        return []
    if os.geteuid() != 0:
        raise StackError(
            "sistema",
            f"faltan paquetes de Debian: {', '.join(missing)}.",
            hint=f"Instálelos como root: `apt-get install -y {' '.join(missing)}`.",
        )
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    run_checked("sistema", ["apt-get", "update"], log_file=log_file, what="apt-get update", env=env)
    run_checked(
        "sistema",
        ["apt-get", "install", "-y", "--no-install-recommends", *missing],
        log_file=log_file,
        what=f"apt-get install {' '.join(missing)}",
        env=env,
    )
    return missing


def java_major_version() -> int | None:
    """Major version of `java` on PATH, or None when Java is missing."""
    if shutil.which("java") is None:
        return None
    result = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def require_java_and_maven() -> None:
    """StackError unless Java 17+ and Maven are on PATH (Solr needs both)."""
    major = java_major_version()
    if major is None or major < 17:
        found = "no está instalado" if major is None else f"es la versión {major}"
        raise StackError(
            "solr",
            f"Solr 9 necesita Java 17 o superior, y Java {found}.",
            hint="Instale Java 17: `apt-get install -y openjdk-17-jdk-headless maven`.",
        )
    if shutil.which("mvn") is None:
        raise StackError(
            "solr",
            "Maven (`mvn`) no está instalado; se usa para descargar Solr desde Maven Central.",
            hint="Instálelo: `apt-get install -y maven`.",
        )
