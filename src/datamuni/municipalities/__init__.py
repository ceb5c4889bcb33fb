"""Municipality configuration: one `municipios/<cut>.yaml` per municipality, validated at load."""

from datamuni.municipalities.config import (
    BLOCK_NAME,
    CUT_PATTERN,
    ENV_NAME,
    FREE_MAIL,
    PERIOD_PATTERN,
    PERIOD_RULES,
    Counterpart,
    MunicipalityConfig,
    SourceConfig,
    SqlQuery,
    TokenRef,
)
from datamuni.municipalities.loading import (
    FIX_HINT,
    config_path,
    expected_organization,
    known_kinds,
    load_all,
    load_config,
    municipality_folder,
    parse_config,
)
from datamuni.municipalities.resolution import resolve_period, resolve_source, resolve_token

__all__ = [
    "BLOCK_NAME",
    "CUT_PATTERN",
    "ENV_NAME",
    "FIX_HINT",
    "FREE_MAIL",
    "PERIOD_PATTERN",
    "PERIOD_RULES",
    "Counterpart",
    "MunicipalityConfig",
    "SourceConfig",
    "SqlQuery",
    "TokenRef",
    "config_path",
    "expected_organization",
    "known_kinds",
    "load_all",
    "load_config",
    "municipality_folder",
    "parse_config",
    "resolve_period",
    "resolve_source",
    "resolve_token",
]
