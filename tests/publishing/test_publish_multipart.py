"""The streaming multipart body is byte-identical to urllib3's in-memory encoder."""

from __future__ import annotations

from pathlib import Path

from urllib3 import encode_multipart_formdata

from datamuni.publishing.multipart import MultipartStream


def test_stream_matches_urllib3(tmp_path: Path) -> None:
    data = tmp_path / "remuneraciones-2026-10.csv"
    data.write_bytes("nombre,monto\nÑuñoa,1\n".encode() * 5000)
    fields = {b"match": b'{"id": "x"}', b"update": "título ñandú".encode()}
    with data.open("rb") as handle:
        stream = MultipartStream(
            fields, {"update__resources__-1__upload": handle}, boundary="frontera"
        )
        chunks = []
        while chunk := stream.read(4096):
            assert len(chunk) <= 4096
            chunks.append(chunk)
    body = b"".join(chunks)
    expected, content_type = encode_multipart_formdata(
        [
            ("match", fields[b"match"]),
            ("update", fields[b"update"]),
            (
                "update__resources__-1__upload",
                (data.name, data.read_bytes(), "application/octet-stream"),
            ),
        ],
        boundary="frontera",
    )
    assert body == expected and len(stream) == len(expected)
    assert stream.content_type == content_type
