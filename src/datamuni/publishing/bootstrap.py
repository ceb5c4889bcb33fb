"""Bootstrap with the sysadmin token: category groups, the municipality's organization, its
editor user and that user's API token (the only place the sysadmin token is used)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from datamuni.packaging import names
from datamuni.publishing import mapping
from datamuni.publishing.client import CkanClient
from datamuni.settings import Settings
from datamuni.territory import Comuna

GROUP_TITLES = {
    "personal-y-remuneraciones": "Personal y remuneraciones",
    "compras-y-contrataciones": "Compras y contrataciones",
    "transferencias": "Transferencias",
    "subsidios-y-beneficios": "Subsidios y beneficios",
    "presupuesto": "Presupuesto",
    "permisos-y-patentes": "Permisos y patentes",
}


@dataclass(frozen=True)
class Bootstrapped:
    """What the bootstrap ensured: organization, editor user, groups and the new token file."""

    organization: str
    user: str
    groups: tuple[str, ...]
    token: SecretStr
    token_file: Path
    writes: int


def editor_name(comuna: Comuna) -> str:
    """CKAN user name of the municipality's publishing editor."""
    return f"datamuni-{comuna.code}"


def token_file(settings: Settings, comuna: Comuna) -> Path:
    """Where the municipality's editor token is stored (owner-only)."""
    return settings.resolve(settings.state_dir) / "ckan" / "tokens" / f"{comuna.code}.token"


def ensure_group(client: CkanClient, name: str) -> None:
    """Create the category group if missing (title from `GROUP_TITLES` or the name)."""
    if client.show_or_none("group_show", name) is None:
        title = GROUP_TITLES.get(name, name.replace("-", " ").capitalize())
        client.call("group_create", {"name": name, "title": title})


def ensure_organization(client: CkanClient, comuna: Comuna) -> str:
    """Create or correct the municipality's organization; return its name."""
    wanted = mapping.organization_dict(comuna)
    found = client.show_or_none("organization_show", wanted["name"])
    if found is None:
        client.call("organization_create", wanted)
    elif found.get("title") != wanted["title"] or found.get("state") != "active":
        client.call("organization_patch", {"id": found["id"], **wanted, "state": "active"})
    return str(wanted["name"])


def ensure_editor(client: CkanClient, comuna: Comuna, organization: str, groups: list[str]) -> str:
    """Create the editor user if missing and make it editor of its organization only."""
    user = editor_name(comuna)
    if client.show_or_none("user_show", user) is None:
        client.call(
            "user_create",
            {
                "name": user,
                "email": f"{user}@datamuni.invalid",
                "password": secrets.token_urlsafe(32),
                "fullname": f"Publicador de datos — {names.organization_title(comuna)}",
            },
        )
    client.call(
        "organization_member_create", {"id": organization, "username": user, "role": "editor"}
    )
    for group in groups:
        # Membership lets the editor place its datasets in the category group, nothing more.
        client.call("group_member_create", {"id": group, "username": user, "role": "member"})
    return user


def prepare_municipality(
    settings: Settings, sysadmin_token: SecretStr, comuna: Comuna, groups: list[str]
) -> Bootstrapped:
    """Ensure groups, organization and editor; issue a fresh editor token and store it."""
    client = CkanClient(
        settings.ckan_url,
        sysadmin_token,
        timeout=settings.ckan_timeout_seconds,
        attempts=settings.ckan_retries,
    )
    for group in groups:
        ensure_group(client, group)
    organization = ensure_organization(client, comuna)
    user = ensure_editor(client, comuna, organization, groups)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    issued = client.call("api_token_create", {"user": user, "name": f"datamuni-{stamp}"})
    token = SecretStr(str(issued["token"]))
    path = token_file(settings, comuna)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token.get_secret_value() + "\n")
    os.chmod(path, 0o600)
    return Bootstrapped(organization, user, tuple(groups), token, path, client.writes)
