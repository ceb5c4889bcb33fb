"""URL sources pointing at loopback, private, link-local or non-HTTP targets are refused (also
after a redirect), unless `allow_private_urls` is set; nothing is downloaded or packaged."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from datamuni.sources import url as url_module
from tests.hardening.hostile_support import GOOD, csv_bytes, expect_refused, run_hostile

PRIVATE = [
    "http://127.0.0.1:5000/api/3/action/package_list",
    "http://localhost/datos.csv",
    "http://10.0.0.8/datos.csv",
    "http://172.16.5.4/datos.csv",
    "http://192.168.1.1/datos.csv",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/datos.csv",
    "http://[fe80::1]/datos.csv",
    "http://[::ffff:127.0.0.1]/datos.csv",
    "http://0.0.0.0/datos.csv",
    "http://2130706433/datos.csv",
    "http://100.64.0.1/datos.csv",
]


@pytest.mark.parametrize("address", PRIVATE)
def test_private_or_local_address_is_refused(tmp_path: Path, address: str) -> None:
    text = expect_refused(run_hostile(tmp_path, address), address, "local o privada")
    assert "allow_private_urls" in text


@pytest.mark.parametrize(
    "address",
    ["file:///etc/passwd", "ftp://ftp.example.org/datos.csv", "gopher://example.org/x",
     "sftp://example.org/datos.csv"],
)  # fmt: skip
def test_non_http_scheme_is_refused_even_when_private_urls_are_allowed(
    tmp_path: Path, address: str
) -> None:
    outcome = run_hostile(tmp_path, address, allow_private_urls=True)
    expect_refused(outcome, address, "solo se aceptan url")


class _Redirector(BaseHTTPRequestHandler):
    target = ""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/datos.csv":
            body = csv_bytes(GOOD)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(302)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def redirector() -> Iterator[tuple[str, type[_Redirector]]]:
    handler = type("Handler", (_Redirector,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/x.csv", "file:///etc/passwd",
     "LOOPBACK/datos.csv"],
)  # fmt: skip
def test_redirect_to_private_address_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    redirector: tuple[str, type[_Redirector]],
    target: str,
) -> None:
    """The first hop (our test server) passes as public; the redirect target is checked again."""
    base, handler = redirector
    handler.target = target.replace("LOOPBACK", base)
    real_check = url_module.check_url
    first = f"{base}/salta"

    def check(address: str, allow_private: bool) -> httpx.URL:
        return httpx.URL(address) if address == first else real_check(address, allow_private)

    monkeypatch.setattr(url_module, "check_url", check)
    outcome = run_hostile(tmp_path, first)
    expect_refused(outcome, first)
    assert outcome.error is not None
    assert (
        "local o privada" in str(outcome.error) or "solo se aceptan" in str(outcome.error).lower()
    )
    assert not list(Path("/tmp").glob("datamuni-*.csv.partial"))


def test_redirect_loop_is_refused(
    tmp_path: Path, redirector: tuple[str, type[_Redirector]]
) -> None:
    base, handler = redirector
    handler.target = f"{base}/otra-vez"
    outcome = run_hostile(tmp_path, f"{base}/otra-vez", allow_private_urls=True)
    expect_refused(outcome, "otra-vez", "redirige más de")


def test_oversized_download_is_refused_and_its_copy_deleted(
    tmp_path: Path, redirector: tuple[str, type[_Redirector]]
) -> None:
    base, _ = redirector
    before = set(Path(url_module.tempfile.gettempdir()).glob("datamuni-*"))
    outcome = run_hostile(tmp_path, f"{base}/datos.csv", allow_private_urls=True, url_max_bytes=100)
    expect_refused(outcome, "datos.csv", "máximo permitido")
    assert set(Path(url_module.tempfile.gettempdir()).glob("datamuni-*")) <= before
