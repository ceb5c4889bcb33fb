"""The one `Settings` object: built once at start (CLI or flow) and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache_dir() -> Path:
    """User cache for downloads (Maven jars, CKAN's virtual environment)."""
    return Path.home() / ".cache" / "datamuni"


def _default_project_dir() -> Path:
    """The working directory if it is a datamuni checkout, else the checkout of this package."""
    here = Path.cwd()
    if (here / "schemas").is_dir():
        return here
    checkout = Path(__file__).resolve().parents[2]  # src/datamuni/settings.py → the checkout
    return checkout if (checkout / "schemas").is_dir() else here


class Settings(BaseSettings):
    """datamuni settings, from `DATAMUNI_*` environment variables or a `.env` file."""

    model_config = SettingsConfigDict(
        env_prefix="DATAMUNI_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    project_dir: Path = Field(default_factory=_default_project_dir)
    """Root of the datamuni checkout (schemas/, validators/, stack/ live under it)."""
    runs_dir: Path = Path("runs")
    """Run folders (reports, quarantine); relative paths are under `project_dir`."""
    datapackages_dir: Path = Path("datapackages")
    """Generated data packages; relative paths are under `project_dir`."""
    municipios_dir: Path = Path("municipios")
    """Municipality configuration YAML files."""
    state_dir: Path = Path(".stack")
    """Local stack state (data directories, logs, pids, the sysadmin token file); git-ignored."""
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    """Download cache reused between runs (Maven jars, virtual environments)."""

    ckan_url: str = "http://127.0.0.1:5000"
    """CKAN site URL to publish to."""
    ckan_token: SecretStr | None = None
    """CKAN API token (sysadmin for bootstrap; per-municipality tokens come from their config)."""
    ckan_token_file: Path | None = None
    """File holding the CKAN token (the local stack writes `.stack/ckan/sysadmin.token`)."""
    ckan_timeout_seconds: float = 60.0
    """Timeout of one CKAN call."""
    ckan_retries: int = 5
    """Attempts on connection errors, timeouts and 5xx before giving up."""
    datastore_max_bytes: int = 200 * 1024**2
    """Largest published CSV whose rows are loaded into CKAN's DataStore; above it only the
    DataStore data dictionary (fields, zero records) is created. The file is always published."""
    datastore_chunk_rows: int = 5_000
    """Rows per `datastore_upsert` call when loading the DataStore (bounds memory per request)."""

    prefect_api_url: str = "http://127.0.0.1:4200/api"
    """Prefect server API."""

    pseudonym_key: SecretStr | None = None
    """HMAC-SHA256 key for pseudonyms; required when a rule says `seudonimizar`."""
    pseudonym_key_file: Path | None = None
    """File holding the pseudonym key (the demo writes `.stack/seudonimos.key`, mode 600)."""
    k_anonymity: int = 5
    """Minimum equivalence-class size for row-level publication and aggregated cells."""
    licence_id: str = "CC-BY-4.0"
    """Licence of published datasets."""
    max_invalid_ratio: float = 0.10
    """Default share of invalid rows above which a dataset is blocked (schemas may override)."""
    suite_engine: Literal["gx", "columnar", "off"] = "gx"
    """Engine of the expectation suites: GX itself, the same expectations in Arrow, or off."""
    batch_rows: int = 24_576
    """Rows per record batch: bounds memory on multi-GB files (1M-row benchmark, main process plus
    the GX worker: 32k rows 960-1,050 MB, 24k 900-945 MB at ~1 s more, 16k 810-830 MB at ~3 s
    more: each batch costs ~0.1 s of fixed work, mostly polars' per-call overhead)."""
    arrow_allocator: Literal["jemalloc", "mimalloc", "system"] = "jemalloc"
    """Allocator of Arrow's buffers. The pipeline's threads free batches other threads made;
    pyarrow's default, mimalloc, kept those pages (1M-row benchmark: ~180 MB above live data)."""
    arrow_decay_ms: int = 500
    """How long jemalloc keeps freed pages before returning them to the system (1M-row
    benchmark: 0 ms −60 MB more than 100 ms but 20 % slower; 500 ms ~0.4 s faster than 100 ms
    for ~40 MB more: on a VM that hands free pages back to its host, touching them again costs
    ~2 ms per MB; 5 s kept ~50 MB more again for no further gain)."""
    quarantine_retention_days: int = 30
    """Quarantine files (they hold personal data) are deleted after this many days."""

    url_max_bytes: int = 2 * 1024**3
    """Largest download accepted from a URL source."""
    url_timeout_seconds: float = 60.0
    """Timeout of a URL source download."""
    allow_private_urls: bool = False
    """Allow URL sources on loopback or private networks (off: refused)."""

    progress_db_url: str | None = None
    """SQLAlchemy URL of the progress store; default SQLite under `state_dir`."""

    @field_validator("ckan_token", "pseudonym_key", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """An empty variable (`DATAMUNI_CKAN_TOKEN=`) means "not set", never an empty secret."""
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, SecretStr) and not value.get_secret_value().strip():
            return None
        return value

    def resolve(self, path: Path) -> Path:
        """Return `path` made absolute against `project_dir`."""
        return path if path.is_absolute() else self.project_dir / path

    def ckan_api_token(self) -> SecretStr | None:
        """The CKAN token: from settings, else from the token file if it exists."""
        if self.ckan_token is not None:
            return self.ckan_token
        default_file = self.resolve(self.state_dir) / "ckan" / "sysadmin.token"
        token_file = self.ckan_token_file or default_file
        if token_file.is_file():
            return SecretStr(token_file.read_text(encoding="utf-8").strip())
        return None

    def pseudonym_secret(self) -> SecretStr | None:
        """The pseudonym key: from settings, else from the key file if it exists."""
        if self.pseudonym_key is not None:
            return self.pseudonym_key
        key_file = self.pseudonym_key_file or self.resolve(self.state_dir) / "seudonimos.key"
        if key_file.is_file():
            return SecretStr(key_file.read_text(encoding="utf-8").strip())
        return None

    def progress_url(self) -> str:
        """SQLAlchemy URL of the progress store."""
        if self.progress_db_url:
            return self.progress_db_url
        return f"sqlite:///{self.resolve(self.state_dir) / 'progreso.sqlite'}"
