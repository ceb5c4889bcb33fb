"""Keep Solr's `ckan` core in step with CKAN's database: index what the core is missing.

A Solr home recreated (or restored) beside an existing CKAN database holds none of its datasets:
`package_search`, what citizens browse and what the catalogue's listings use, then finds nothing
although every dataset is still there. CKAN's own `search-index rebuild --only-missing` indexes
exactly those, so it runs whenever a dataset of the database is not in the core (ids compared:
a count could hide a missing dataset behind a stale document).
"""

from __future__ import annotations

from pathlib import Path

from datamuni.stack.postgres import psql
from datamuni.stack.processes import run_checked
from datamuni.stack.services import StackPaths, http_ok

SERVICE = "ckan"
# CKAN indexes every dataset that is not deleted (drafts and private ones too).
_DATABASE_IDS = "SELECT id FROM package WHERE state <> 'deleted';"


def database_datasets(paths: StackPaths) -> set[str]:
    """Ids of the datasets CKAN's database holds that its search index should hold too."""
    output = psql(paths, _DATABASE_IDS, database="ckan_default", what="listar datasets")
    return {line.strip() for line in output.splitlines() if line.strip()}


def indexed_datasets(core_url: str, expected: int) -> set[str] | None:
    """Ids of the datasets the Solr core holds; None when it does not answer."""
    rows = expected + 1000  # stale documents of purged datasets may come back too
    response = http_ok(f"{core_url}/select?q=*:*&fl=id&rows={rows}&wt=json", timeout=30)
    if response is None:
        return None
    return {str(doc["id"]) for doc in response.json()["response"]["docs"]}


def index_missing(paths: StackPaths, bin_dir: Path, ini: Path, core_url: str) -> int:
    """Index the datasets Solr lacks (CKAN's own rebuild); return how many were missing."""
    stored = database_datasets(paths)
    indexed = indexed_datasets(core_url, len(stored))
    if indexed is None:  # Solr down: its own status says so; nothing to compare against
        return 0
    missing = len(stored - indexed)
    if missing:
        argv = [str(bin_dir / "ckan"), "-c", str(ini), "search-index", "rebuild", "-o", "-q"]
        run_checked(
            SERVICE, argv, log_file=paths.log(SERVICE + "-setup"), what="reindexar datasets"
        )
    return missing
