"""Bootstrap with the sysadmin token: category groups, the municipality's organization, its
editor user and that user's API token (the only place the sysadmin token is used).

Each run rotates the editor's token: the new one is stored first, then the editor's earlier
`datamuni-` tokens are revoked (tokens people created under other names are left alone)."""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from datamuni.atomic_file import replace_text
from datamuni.errors import ConfigurationError, PublishError
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
TOKEN_NAME_PREFIX = "datamuni-"  # noqa: S105 (a name, not a secret)
"""Name prefix of the tokens datamuni issues; only these are ever revoked."""


@dataclass(frozen=True)
class Bootstrapped:
    """What the bootstrap ensured: organization, editor user, groups, the new token file and how
    many earlier datamuni tokens of the editor were revoked."""

    organization: str
    user: str
    groups: tuple[str, ...]
    token: SecretStr
    token_file: Path
    writes: int
    revoked: int


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


def store_token(path: Path, token: SecretStr) -> None:
    """Write the token owner-only and atomically: the previous file stays whole until replaced."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        replace_text(path, token.get_secret_value() + "\n")
    except OSError as error:
        raise ConfigurationError(
            f"No se pudo guardar el token del editor en `{path}`: {error.strerror or error}.",
            "Revise los permisos y el espacio libre del directorio de estado y vuelva a ejecutar: "
            "los tokens anteriores del editor no se revocaron y siguen vigentes.",
        ) from error


def revoke_older_tokens(client: CkanClient, user: str, keep: str) -> int:
    """Revoke the editor's `datamuni-` tokens issued before token `keep`; return how many."""
    revoked = 0
    # CKAN lists oldest first: a newer token belongs to a later run, which revokes this one.
    for listed in client.call("api_token_list", {"user_id": user}):
        if listed["id"] == keep:
            break
        if str(listed.get("name") or "").startswith(TOKEN_NAME_PREFIX):
            client.call("api_token_revoke", {"jti": listed["id"]})
            revoked += 1
    return revoked


def prepare_municipality(
    settings: Settings,
    sysadmin_token: SecretStr,
    comuna: Comuna,
    groups: list[str],
    *,
    revoke_previous: bool = True,
) -> Bootstrapped:
    """Ensure groups, organization and editor; issue, store and rotate the editor's token.

    `revoke_previous=False` leaves the editor's earlier tokens valid (for test sessions that share
    one CKAN and one editor user, each with its own state folder)."""
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
    issued = client.call("api_token_create", {"user": user, "name": f"{TOKEN_NAME_PREFIX}{stamp}"})
    token, jti = SecretStr(str(issued["token"])), str(issued["id"])
    path = token_file(settings, comuna)
    try:
        store_token(path, token)
    except ConfigurationError:
        # Stored nowhere, so nobody can use it: withdraw it (best effort) and revoke nothing else.
        with contextlib.suppress(PublishError):
            client.call("api_token_revoke", {"jti": jti})
        raise
    revoked = revoke_older_tokens(client, user, jti) if revoke_previous else 0
    return Bootstrapped(organization, user, tuple(groups), token, path, client.writes, revoked)
