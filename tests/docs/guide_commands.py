"""Extract the commands of the Spanish guides and run them in a sandbox of the project setup."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
GUIDES = (
    PROJECT / "docs" / "guia-encargados-municipales.md",
    PROJECT / "docs" / "guia-analistas-cplt.md",
)
STACK_MARK = "# requiere: stack"
PROJECT_MARK = "# directorio: proyecto"
EXIT_MARK = re.compile(r"\s+#\s*sale con (\d+)\s*$")
FENCE = re.compile(r"^( *)```(\w*)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)
SANDBOX_VARS = (
    "DATAMUNI_PROJECT_DIR",
    "DATAMUNI_RUNS_DIR",
    "DATAMUNI_DATAPACKAGES_DIR",
    "DATAMUNI_MUNICIPIOS_DIR",
    "DATAMUNI_STATE_DIR",
)
KEEP_OUT = "PWD|OLDPWD|SHLVL|DATAMUNI_[A-Z_]+_DIR|DATAMUNI_PROJECT_DIR"
"""Variables never carried from one command to the next (the sandbox sets its own)."""
PUBLISHING = ("datamuni publicar", "preparar-municipio", "datamuni retirar", "prefect ", "make ")


@dataclass(frozen=True)
class Command:
    """One command of a guide, as the officer types it."""

    text: str
    expected_exit: int
    needs_stack: bool
    in_project: bool


def fenced_blocks(text: str, language: str) -> list[str]:
    """The bodies of the fenced blocks of one language, in document order."""
    return [textwrap.dedent(body) for _, lang, body in FENCE.findall(text) if lang == language]


def block_commands(body: str) -> list[Command]:
    """The commands of one ```bash block (markers on its first lines, `# sale con N` at the end)."""
    lines = body.replace("\\\n", " ").splitlines()
    needs_stack = STACK_MARK in lines[:2]
    in_project = PROJECT_MARK in lines[:2]
    found = []
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = EXIT_MARK.search(stripped)
        expected = int(match.group(1)) if match else 0
        command = EXIT_MARK.sub("", stripped) if match else stripped
        found.append(Command(command, expected, needs_stack, in_project))
    return found


def guide_commands(guide: Path) -> list[Command]:
    """Every command of a guide, in order."""
    text = guide.read_text(encoding="utf-8")
    return [command for body in fenced_blocks(text, "bash") for command in block_commands(body)]


@dataclass
class Sandbox:
    """A temporary copy of the project setup (municipios, runs, packages, state) and a shell."""

    root: Path

    @classmethod
    def create(cls, root: Path, sysadmin_token: str | None = None) -> Sandbox:
        """Copy the bundled municipalities; empty runs, packages and state folders."""
        shutil.copytree(PROJECT / "municipios", root / "municipios")
        for name in ("runs", "datapackages", ".stack"):
            (root / name).mkdir(exist_ok=True)
        if sysadmin_token is not None:
            token = root / ".stack" / "ckan" / "sysadmin.token"
            token.parent.mkdir(parents=True)
            token.write_text(sysadmin_token, encoding="utf-8")
            token.chmod(0o600)
        (root / "entorno.sh").write_text("", encoding="utf-8")
        return cls(root)

    def overrides(self) -> dict[str, str]:
        """The DATAMUNI_* variables that point the commands at this sandbox."""
        return {
            "DATAMUNI_PROJECT_DIR": str(PROJECT),
            "DATAMUNI_RUNS_DIR": str(self.root / "runs"),
            "DATAMUNI_DATAPACKAGES_DIR": str(self.root / "datapackages"),
            "DATAMUNI_MUNICIPIOS_DIR": str(self.root / "municipios"),
            "DATAMUNI_STATE_DIR": str(self.root / ".stack"),
        }

    def overrides_settings(self) -> dict[str, Path]:
        """The same locations as `Settings` keyword arguments."""
        return {
            key.removeprefix("DATAMUNI_").lower(): Path(value)
            for key, value in self.overrides().items()
        }

    def run(self, command: Command, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        """Run one command in bash; variables it exports persist for the next commands."""
        state = self.root / "entorno.sh"
        if command.in_project:
            setup = "unset " + " ".join(SANDBOX_VARS)
            cwd = PROJECT
        else:
            setup = "; ".join(f"export {k}='{v}'" for k, v in self.overrides().items())
            cwd = self.root
        script = (
            f"source '{state}'\n{setup}\n{command.text}\nrc=$?\n"
            f"export -p | grep -v -E ' ({KEEP_OUT})=' "
            f"> '{state}.new'; mv '{state}.new' '{state}'\nexit $rc\n"
        )
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATAMUNI_", "PREFECT_"))
        }
        env.update(
            PATH=f"{PROJECT / '.venv' / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            COLUMNS="100",
            NO_COLOR="1",
        )
        return subprocess.run(
            ["bash", "-c", script],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def describe(command: Command, done: subprocess.CompletedProcess[str]) -> str:
    """A failure message with the command and the end of its output."""
    return (
        f"`{command.text}` salió con {done.returncode} (se esperaba {command.expected_exit})\n"
        f"--- stdout ---\n{done.stdout[-3000:]}\n--- stderr ---\n{done.stderr[-3000:]}"
    )
