"""JSON records, SQL through SQLAlchemy (sqlite), and HTTP URLs on a loopback server."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from datamuni.errors import SourceError
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from tests.sources.sources_helpers import CATALOG, TRANSFERENCIAS, digest, rows_of

BODY = "organismo_codigo;monto;razon_social\n5101;$ 1.500;Club\n".encode("latin-1")


@pytest.mark.parametrize("wrapped", [False, True])
def test_json_records(tmp_path: Path, settings: Settings, wrapped: bool) -> None:
    records = [
        {"organismo_codigo": 5101, "monto": "1.200.000", "razon_social": "Club"},
        {"organismo_codigo": "05101", "monto": 3.5, "objeto_transferencia": {"a": 1}},
    ]
    path = tmp_path / "datos.json"
    path.write_text(json.dumps({"data": records} if wrapped else records), encoding="utf-8")

    table = read_source(path, settings, kind=None, catalog=CATALOG)

    rows = rows_of(table)
    assert table.format == "json" and table.kind == "transferencias"
    assert [row["_fila"] for row in rows] == [1, 2]
    assert [row["codigo_comuna"] for row in rows] == ["05101", "05101"]
    assert [row["monto"] for row in rows] == ["1200000", "3.5"]
    assert rows[1]["objeto"] == '{"a": 1}' and rows[1]["razon_social"] is None


@pytest.mark.parametrize("content", ["[1, 2]", '{"x": 1}', "[{]", "[]"])
def test_bad_json(tmp_path: Path, settings: Settings, content: str) -> None:
    path = tmp_path / "malo.json"
    path.write_text(content)
    with pytest.raises(SourceError, match=r"malo\.json"):
        read_source(path, settings, kind=TRANSFERENCIAS, catalog=CATALOG)


def test_sql_query_through_sqlalchemy(tmp_path: Path, settings: Settings) -> None:
    database = tmp_path / "muni.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE t (organismo_codigo INTEGER, monto REAL, razon_social)")
        connection.executemany(
            "INSERT INTO t VALUES (?, ?, ?)", [(5101, 1500.0, "A"), (5101, 2.5, None)] * 3
        )
    before = digest(database)

    table = read_source(
        f"sql:sqlite:///{database}|SELECT * FROM t", settings, kind=None, catalog=CATALOG
    )

    rows = rows_of(table)
    assert table.format == "sql" and table.kind == "transferencias"
    assert [row["_fila"] for row in rows] == list(range(2, 8))
    assert rows[0]["codigo_comuna"] == "05101" and rows[0]["monto"] == "1500"
    assert rows[1]["monto"] == "2.5"
    assert digest(database) == before
    with pytest.raises(SourceError, match="SELECT"):
        read_source(f"sql:sqlite:///{database}|DROP TABLE t", settings, kind=None, catalog=CATALOG)
    with pytest.raises(SourceError, match="falló"):
        read_source(
            f"sql:sqlite:///{database}|SELECT * FROM nada", settings, kind=None, catalog=CATALOG
        )


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/datos.csv")
            self.end_headers()
            return
        body = BODY if self.path == "/datos.csv" else b"x" * 5000
        self.send_response(200 if self.path != "/missing" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_source_on_loopback_when_allowed(tmp_path: Path, server: str) -> None:
    settings = Settings(project_dir=tmp_path, allow_private_urls=True)
    for path in ("/datos.csv", "/redirect"):
        table = read_source(server + path, settings, kind=None, catalog=CATALOG)
        [row] = rows_of(table)
        assert table.path == server + path and table.encoding == "utf-8"
        assert row["codigo_comuna"] == "05101" and row["monto"] == "1500"


def test_url_limits_and_refusals(tmp_path: Path, server: str) -> None:
    allowed = Settings(project_dir=tmp_path, allow_private_urls=True, url_max_bytes=1000)
    with pytest.raises(SourceError, match="supera"):
        read_source(server + "/grande.csv", allowed, kind=TRANSFERENCIAS, catalog=CATALOG)
    with pytest.raises(SourceError, match="404"):
        read_source(server + "/missing", allowed, kind=TRANSFERENCIAS, catalog=CATALOG)
    refused = Settings(project_dir=tmp_path)
    for url in (server + "/datos.csv", "http://10.1.2.3/x.csv", "http://[::1]/x.csv"):
        with pytest.raises(SourceError, match="privada"):
            read_source(url, refused, kind=TRANSFERENCIAS, catalog=CATALOG)
    for url in ("file:///etc/passwd", "ftp://example.org/x.csv"):
        with pytest.raises(SourceError, match="http"):
            read_source(url, allowed, kind=TRANSFERENCIAS, catalog=CATALOG)


def test_redirect_to_private_address_is_refused(tmp_path: Path) -> None:
    from datamuni.sources.url import check_url

    with pytest.raises(SourceError, match="privada"):
        check_url("http://169.254.169.254/latest/meta-data", allow_private=False)
    with pytest.raises(SourceError, match="privada"):
        check_url("http://localhost:8080/x", allow_private=False)
