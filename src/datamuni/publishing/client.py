"""The only code that calls CKAN: ckanapi, retries with backoff + jitter, Spanish errors."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import requests
from ckanapi import RemoteCKAN, errors
from pydantic import SecretStr

from datamuni.errors import PublishError
from datamuni.publishing.multipart import MultipartStream
from datamuni.publishing.translate import translate_refusal

log = logging.getLogger(__name__)
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
TRANSIENT = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)
WRITE_PREFIXES = ("create", "update", "upsert", "patch", "revise", "delete", "purge", "revoke")


def is_write(action: str) -> bool:
    """Whether a CKAN action changes the site (counted as a write, never as a read)."""
    return any(part in action for part in WRITE_PREFIXES)


class CkanRefused(PublishError):
    """CKAN answered with a 4xx: not retried; names the action, the field and the status."""

    def __init__(
        self, message: str, hint: str, *, action: str, field: str | None, status: int
    ) -> None:
        super().__init__(message, hint)
        self.action = action
        self.field = field
        self.status = status


class CkanUnavailable(PublishError):
    """CKAN could not be reached or kept failing (5xx) after every retry."""


class _StatusRemoteCKAN(RemoteCKAN):  # type: ignore[misc]
    """RemoteCKAN that remembers the HTTP status of its last answer (ckanapi hides it)."""

    last_status = 0

    def _request_fn(self, url: str, data: Any, headers: Any, files: Any, kwargs: Any) -> Any:
        self.last_status = 0
        if files:
            # requests would build the whole multipart body in memory: stream it instead.
            body = MultipartStream(data, files)
            headers = dict(headers, **{"Content-Type": body.content_type})
            answer = self.session.post(
                url, data=body, headers=headers, allow_redirects=False, **kwargs
            )
            status, text = answer.status_code, answer.text
        else:
            status, text = super()._request_fn(url, data, headers, files, kwargs)
        self.last_status = status
        return status, text


class CkanClient:
    """A CKAN site seen through one token, counting reads and writes."""

    def __init__(
        self,
        url: str,
        token: SecretStr | None,
        *,
        timeout: float = 60.0,
        attempts: int = 5,
        base_delay: float = 0.5,
    ) -> None:
        self.url = url.rstrip("/")
        self._remote = _StatusRemoteCKAN(
            self.url,
            apikey=token.get_secret_value() if token is not None else None,
            user_agent="datamuni/0.1 (+https://datos.gob.cl)",
        )
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.base_delay = base_delay
        self.reads = 0
        self.writes = 0
        self._extensions: frozenset[str] | None = None

    def __repr__(self) -> str:
        return f"CkanClient({self.url!r})"

    def call(
        self,
        action: str,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Path] | None = None,
    ) -> Any:
        """Call one CKAN action with retries on transient failures; 4xx become `CkanRefused`."""
        writing = is_write(action)
        last_error = ""
        for attempt in range(1, self.attempts + 1):
            if writing:
                self.writes += 1
            else:
                self.reads += 1
            try:
                with ExitStack() as stack:
                    opened = {
                        k: stack.enter_context(p.open("rb")) for k, p in (files or {}).items()
                    }
                    return self._remote.call_action(
                        action,
                        dict(data or {}),
                        files=opened or None,
                        requests_kwargs={"timeout": self.timeout},
                    )
            except TRANSIENT as error:
                last_error = f"sin conexión ({type(error).__name__})"
            except (errors.SearchIndexError, errors.SearchError, errors.SearchQueryError) as error:
                last_error = f"el índice de búsqueda (Solr) falló: {error}"
            except (errors.ValidationError, errors.NotAuthorized, errors.NotFound) as error:
                raise self._refused(action, error) from None
            except (errors.CKANAPIError, errors.ServerIncompatibleError) as error:
                status = self._remote.last_status
                if status and status not in RETRY_STATUS:
                    raise self._refused(action, error) from None
                last_error = f"respuesta HTTP {status or 'inválida'}"
            if attempt < self.attempts:
                delay = self.base_delay * 2 ** (attempt - 1)
                delay = random.uniform(
                    delay / 2, delay * 1.5
                )  # jitter: runs don't retry in lockstep
                log.warning(
                    "CKAN %s falló (%s); reintento %d en %.1f s", action, last_error, attempt, delay
                )
                time.sleep(delay)
        raise CkanUnavailable(
            f"CKAN ({self.url}) no respondió a `{action}` tras {self.attempts} intentos: "
            f"{last_error}.",
            "Verifique que CKAN esté en línea (`datamuni stack estado`) y vuelva a ejecutar: "
            "lo ya publicado sigue intacto y la nueva ejecución completa el trabajo.",
        )

    def _refused(self, action: str, error: Exception) -> CkanRefused:
        """Translate a ckanapi refusal into a Spanish `CkanRefused` (the one place this happens)."""
        status = self._remote.last_status or 0
        message, hint, field = translate_refusal(action, error, status)
        return CkanRefused(message, hint, action=action, field=field, status=status)

    def show_or_none(self, action: str, ident: str) -> dict[str, Any] | None:
        """`<thing>_show` that returns None when CKAN says it does not exist."""
        try:
            result: dict[str, Any] = self.call(action, {"id": ident})
        except CkanRefused as refused:
            if refused.status == 404:
                return None
            raise
        return result

    def has_extension(self, name: str) -> bool:
        """Whether the site runs plugin `name` (`status_show`, read once per client)."""
        if self._extensions is None:
            status = self.call("status_show")
            self._extensions = frozenset(str(e) for e in status.get("extensions") or [])
        return name in self._extensions
