"""The one exception root of datamuni; every message is Spanish and says what to do."""

from __future__ import annotations


class DatamuniError(Exception):
    """Root of every error datamuni raises on purpose: a Spanish message and a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle whole (message, hint, location): errors come back from the GX worker process."""
        return (_restore, (type(self), self.message, dict(self.__dict__)))


def _restore(cls: type[DatamuniError], message: str, state: dict[str, object]) -> DatamuniError:
    """Rebuild a pickled error without running its constructor again."""
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ConfigurationError(DatamuniError):
    """Settings, schema, rule or municipality configuration is wrong."""


class SourceError(DatamuniError):
    """A source file or URL cannot be read; names the file and, where known, row and column."""

    def __init__(
        self,
        message: str,
        hint: str = "",
        *,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        where = []
        if path is not None:
            where.append(f"archivo `{path}`")
        if row is not None:
            where.append(f"fila {row}")
        if column is not None:
            where.append(f"columna `{column}`")
        prefix = f"[{', '.join(where)}] " if where else ""
        super().__init__(prefix + message, hint)
        self.path = path
        self.row = row
        self.column = column


class ValidationBlocked(DatamuniError):
    """The dataset is blocked by the validation policy and must not be published."""


class ProtectionError(DatamuniError):
    """Protection could not be decided; the dataset is blocked (fail closed)."""


class PublishError(DatamuniError):
    """CKAN refused or failed; translated once, in the publishing boundary."""


class StackError(DatamuniError):
    """A local service could not be installed, started or checked."""

    def __init__(self, service: str, message: str, hint: str = "", log_tail: str = "") -> None:
        text = f"Servicio `{service}`: {message}"
        if log_tail:
            text += f"\nÚltimas líneas del registro:\n{log_tail}"
        super().__init__(text, hint)
        self.service = service
        self.log_tail = log_tail


class ProgressError(DatamuniError):
    """The progress store cannot be read or written."""
