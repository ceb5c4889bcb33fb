"""HTTP(S) sources: refuse private addresses (also after redirects), cap size and time.

The address checked is the address connected to: a host is resolved once, vetted, and the
request goes to that address (the name still travels as `Host` and TLS server name), so a DNS
answer that changes between the check and the connection (DNS rebinding) cannot reach inside.
"""

from __future__ import annotations

import ipaddress
import socket
import tempfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import httpx

from datamuni.errors import SourceError

if TYPE_CHECKING:
    from datamuni.settings import Settings

MAX_REDIRECTS = 5


def check_url(url: str, allow_private: bool) -> httpx.URL:
    """The parsed URL, if it is HTTP(S) and (unless allowed) resolves only to public addresses."""
    return _vetted(url, allow_private)[0]


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet (not private, loopback, link-local...)."""
    return address.is_global and not address.is_multicast


def _vetted(url: str, allow_private: bool) -> tuple[httpx.URL, str | None]:
    """The parsed URL and the public address to connect to (None when private ones are allowed)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        raise SourceError("La URL no es válida.", "Revise la dirección.", path=url) from error
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise SourceError(
            f"Solo se aceptan URL `http` o `https` (esta es `{parsed.scheme}`).",
            "Descargue el archivo y entréguelo como ruta local, o use una URL https.",
            path=url,
        )
    if allow_private:
        return parsed, None
    try:
        infos = socket.getaddrinfo(parsed.host, parsed.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise SourceError(
            f"No se pudo resolver el servidor `{parsed.host}`.",
            "Revise la dirección y la conexión a internet.",
            path=url,
        ) from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not _is_public(address):
            raise SourceError(
                f"La URL apunta a una dirección local o privada (`{address}`): no se descarga.",
                "Use una URL pública; para una red interna, active `allow_private_urls`.",
                path=url,
            )
    return parsed, str(addresses[0])


def _pinned(
    parsed: httpx.URL, address: str | None
) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The request to send: to the vetted address, naming the host in `Host` and for TLS."""
    if address is None:
        return parsed, {}, {}
    default_port = {"http": 80, "https": 443}[parsed.scheme]
    named = parsed.host if parsed.port in (None, default_port) else f"{parsed.host}:{parsed.port}"
    return parsed.copy_with(host=address), {"Host": named}, {"sni_hostname": parsed.host}


def download(url: str, settings: Settings) -> Path:
    """Download `url` to a temporary file (caller deletes it), following safe redirects."""
    current = url
    with httpx.Client(timeout=settings.url_timeout_seconds, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                parsed, address = _vetted(current, settings.allow_private_urls)
            except SourceError as refused:
                if current == url:
                    raise
                # Name the URL the officer configured, and where it led.
                raise SourceError(
                    f"La URL redirige a `{current}`. {refused.message.split('] ', 1)[-1]}",
                    refused.hint,
                    path=url,
                ) from refused
            target, headers, extensions = _pinned(parsed, address)
            try:
                with client.stream(
                    "GET", target, headers=headers, extensions=extensions
                ) as response:
                    if response.is_redirect:
                        current = str(parsed.join(response.headers.get("location", "")))
                        continue
                    return _save(response, url, settings.url_max_bytes)
            except httpx.HTTPError as error:
                raise SourceError(
                    f"La descarga falló ({type(error).__name__}).",
                    "Revise la URL y la conexión; reintente más tarde.",
                    path=url,
                ) from error
    raise SourceError(
        f"La URL redirige más de {MAX_REDIRECTS} veces.", "Use la URL final.", path=url
    )


def _save(response: httpx.Response, url: str, max_bytes: int) -> Path:
    if response.status_code >= 400:
        raise SourceError(
            f"El servidor respondió {response.status_code}.",
            "Revise que la URL sea correcta y pública.",
            path=url,
        )
    declared = int(response.headers.get("content-length", "0") or 0)
    too_big = SourceError(
        f"La descarga supera el máximo permitido ({max_bytes} bytes).",
        "Descargue el archivo por otra vía o aumente `url_max_bytes`.",
        path=url,
    )
    if declared > max_bytes:
        raise too_big
    suffix = PurePosixPath(httpx.URL(url).path).suffix[:8]
    with tempfile.NamedTemporaryFile(prefix="datamuni-", suffix=suffix, delete=False) as handle:
        target = Path(handle.name)
        received = 0
        try:
            for chunk in response.iter_bytes(1024 * 1024):
                received += len(chunk)
                if received > max_bytes:
                    raise too_big
                handle.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return target
