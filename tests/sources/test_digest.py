"""The source's SHA-256 is computed once per process while the file is unchanged, never stale."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from datamuni.sources import read
from datamuni.sources.read import file_digest


def test_digest_is_the_file_sha256_and_size(tmp_path: Path) -> None:
    path = tmp_path / "datos.csv"
    content = b"a;b\n" + b"1;2\n" * 300_000  # larger than one read chunk
    path.write_bytes(content)
    assert file_digest(path) == (hashlib.sha256(content).hexdigest(), len(content))


def test_unchanged_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "datos.csv"
    path.write_bytes(b"a;b\n1;2\n")
    opened: list[Path] = []
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    first = file_digest(path)
    assert file_digest(path) == first
    assert opened.count(path) == 1


def test_a_rewrite_with_same_size_and_restored_mtime_is_hashed_again(tmp_path: Path) -> None:
    path = tmp_path / "datos.csv"
    path.write_bytes(b"a;b\n1;2\n")
    first = file_digest(path)
    stat = path.stat()
    path.write_bytes(b"a;b\n9;9\n")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # mtime put back; ctime cannot be
    second = file_digest(path)
    assert second != first
    assert second == (hashlib.sha256(b"a;b\n9;9\n").hexdigest(), 8)


def test_remembered_digests_are_bounded(tmp_path: Path) -> None:
    for number in range(read._DIGESTS_KEPT + 5):
        path = tmp_path / f"f{number}.csv"
        path.write_bytes(str(number).encode())
        file_digest(path)
    assert len(read._DIGESTS) <= read._DIGESTS_KEPT


def test_the_source_is_hashed_beside_the_reading_not_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datamuni.settings import Settings
    from datamuni.sources.read import read_source
    from tests.sources.sources_helpers import CATALOG, TRANSFERENCIAS, rows_of

    path = tmp_path / "t.csv"
    path.write_text("organismo_codigo;monto\n13101;5\n13101;6\n", encoding="utf-8")
    release = threading.Event()

    def slow_digest(target: Path) -> tuple[str, int]:
        assert release.wait(10), "the batches were never read while the hash was pending"
        return file_digest(target)

    monkeypatch.setattr(read, "file_digest", slow_digest)
    settings = Settings(project_dir=tmp_path)
    table = read_source(path, settings, kind=TRANSFERENCIAS, catalog=CATALOG, hashed=True)
    assert table.digest is not None and not table.digest.done()
    assert [row["monto"] for row in rows_of(table)] == ["5", "6"]  # read with the hash pending
    release.set()
    assert table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_source_is_hashed_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # validar, proteger and the fast path's kind check record no source: hashing a multi-GB file
    # there was a second full read for nothing
    from datamuni.settings import Settings
    from datamuni.sources.read import read_source
    from tests.sources.sources_helpers import CATALOG, TRANSFERENCIAS, rows_of

    path = tmp_path / "t.csv"
    path.write_text("organismo_codigo;monto\n13101;5\n", encoding="utf-8")
    hashed: list[Path] = []
    monkeypatch.setattr(read, "file_digest", lambda target: hashed.append(target) or ("x", 0))
    table = read_source(path, Settings(project_dir=tmp_path), kind=TRANSFERENCIAS, catalog=CATALOG)
    assert [row["monto"] for row in rows_of(table)] == ["5"]
    assert table.digest is None and table.sha256 is None
    assert hashed == []
