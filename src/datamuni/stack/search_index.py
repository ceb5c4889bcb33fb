"""Keep Solr's `ckan` core in step with CKAN's database: index what the core is missing.

A Solr home recreated (or restored) beside an existing CKAN database holds none of its datasets:
`package_search`, what citizens browse and what the catalogue's listings use, then finds nothing
although every dataset is still there. CKAN's own `search-index rebuild --only-missing` indexes
exactly those, so it runs whenever the core counts fewer datasets than the database holds.
"""

from __future__ import annotations

from pathlib import Path

from datamuni.stack.postgres import psql
from datamuni.stack.processes import run_checked
from datamuni.stack.services import StackPaths, http_ok

SERVICE = "ckan"
# CKAN indexes every dataset that is not deleted (drafts and private ones too).
_DATABASE_COUNT = "SELECT count(*) FROM package WHERE state <> 'deleted';"


def database_datasets(paths: StackPaths) -> int:
    """How many datasets CKAN's database holds that its search index should hold too."""
    output = psql(paths, _DATABASE_COUNT, database="ckan_default", what="contar datasets")
    return int(output.strip() or 0)


def indexed_datasets(core_url: str) -> int | None:
    """How many datasets the Solr core holds; None when it does not answer."""
    response = http_ok(f"{core_url}/select?q=*:*&rows=0&wt=json", timeout=10)
    if response is None:
        return None
    return int(response.json()["response"]["numFound"])


def index_missing(paths: StackPaths, bin_dir: Path, ini: Path, core_url: str) -> int:
    """Index the datasets Solr lacks (CKAN's own rebuild); return how many were missing."""
    indexed = indexed_datasets(core_url)
    if indexed is None:  # Solr down: its own status says so; nothing to compare against
        return 0
    missing = database_datasets(paths) - indexed
    if missing > 0:
        argv = [str(bin_dir / "ckan"), "-c", str(ini), "search-index", "rebuild", "-o", "-q"]
        run_checked(
            SERVICE, argv, log_file=paths.log(SERVICE + "-setup"), what="reindexar datasets"
        )
    return max(missing, 0)
