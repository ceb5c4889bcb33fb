"""DNS rebinding: the address vetted is the address connected to, whatever DNS answers next."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from datamuni.settings import Settings
from datamuni.sources import url as url_source

PUBLIC_STAND_IN = "127.0.0.2"  # counted as public below: the server the check approved
INSIDE = "127.0.0.1"  # what a rebinding DNS answers afterwards: an internal service


def _server(host: str, port: int, body: bytes, hosts_seen: list[str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hosts_seen.append(self.headers.get("Host", ""))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture
def servers() -> Iterator[tuple[int, list[str], list[str]]]:
    """A 'public' server and an internal one on the same port, and the Host headers each saw."""
    public_seen: list[str] = []
    inside_seen: list[str] = []
    public = _server(PUBLIC_STAND_IN, 0, b"a;b\n1;2\n", public_seen)
    port = public.server_address[1]
    inside = _server(INSIDE, port, b"secreto;interno\n", inside_seen)
    yield port, public_seen, inside_seen
    for httpd in (public, inside):
        httpd.shutdown()
        httpd.server_close()


def test_a_changed_dns_answer_cannot_reach_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, servers: tuple[int, list[str], list[str]]
) -> None:
    port, public_seen, inside_seen = servers
    real = socket.getaddrinfo
    answers = iter([PUBLIC_STAND_IN])

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "datos.example":  # first the public address, then the internal one
            return real(next(answers, INSIDE), *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(
        url_source,
        "_is_public",
        lambda address: address == ipaddress.ip_address(PUBLIC_STAND_IN),
    )
    settings = Settings(project_dir=tmp_path, allow_private_urls=False)
    path = url_source.download(f"http://datos.example:{port}/datos.csv", settings)
    try:
        assert path.read_bytes() == b"a;b\n1;2\n"
    finally:
        path.unlink()
    assert public_seen == [f"datos.example:{port}"] and inside_seen == []


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for `datos.example` (and its key), as files."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "datos.example")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("datos.example")]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_https_to_the_pinned_address_still_checks_the_certificate_of_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssl

    import httpx

    cert, key = _certificate(tmp_path)
    seen: list[str] = []
    httpd = _server(PUBLIC_STAND_IN, 0, b"a;b\n1;2\n", seen)
    served = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    served.load_cert_chain(cert, key)
    httpd.socket = served.wrap_socket(httpd.socket, server_side=True)
    port = httpd.server_address[1]
    trusted = ssl.create_default_context(cafile=str(cert))  # this test's CA only
    real_client = httpx.Client
    monkeypatch.setattr(
        url_source.httpx, "Client", lambda **kwargs: real_client(verify=trusted, **kwargs)
    )
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: real(PUBLIC_STAND_IN if host == "datos.example" else host, *a, **k),
    )
    monkeypatch.setattr(url_source, "_is_public", lambda address: str(address) == PUBLIC_STAND_IN)
    settings = Settings(project_dir=tmp_path, allow_private_urls=False)
    try:
        path = url_source.download(f"https://datos.example:{port}/datos.csv", settings)
        assert path.read_bytes() == b"a;b\n1;2\n"
        path.unlink()
        assert seen == [f"datos.example:{port}"]
        with pytest.raises(url_source.SourceError, match="La descarga falló"):
            # the same server under a name its certificate does not carry is refused
            monkeypatch.setattr(
                socket,
                "getaddrinfo",
                lambda host, *a, **k: real(
                    PUBLIC_STAND_IN if host == "otro.example" else host, *a, **k
                ),
            )
            url_source.download(f"https://otro.example:{port}/datos.csv", settings)
    finally:
        httpd.shutdown()
        httpd.server_close()
