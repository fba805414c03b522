"""Edges of the name and container checks: every unsafe name form, the size limit at its boundary, encryption."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
import validate_fixtures as fx

from scormpack.validate import ZipLimits, check_path
from scormpack.validate.names import check_names


@pytest.mark.parametrize(
    "name",
    [
        "/etc/evil.html",
        "C:/evil.html",
        "c:evil.html",
        "d:\\evil.html",
        "assets\\evil.html",
        "..",
        "a/../../evil.html",
        "a/b/..",
        "nul\x00.html",
    ],
)
def test_unsafe_names_are_zip_slip(name: str) -> None:
    assert [f.rule for f in check_names([name], "pkg.zip")] == ["ZIP-SLIP"]


@pytest.mark.parametrize("name", ["assets/a..b.js", "assets/...", "index.html", "media/clip-01.mp4"])
def test_safe_names_pass(name: str) -> None:
    assert check_names([name], "pkg.zip") == []


def test_the_uncompressed_total_is_checked_at_its_boundary(tmp_path: Path) -> None:
    path = fx.write_zip(tmp_path / "pkg.zip", fx.members())
    with zipfile.ZipFile(path) as archive:
        total = sum(info.file_size for info in archive.infolist())
    at_limit = check_path(path, limits=ZipLimits(max_uncompressed=total))
    assert "ZIP-BOMB" not in {f.rule for f in at_limit}
    over = check_path(path, limits=ZipLimits(max_uncompressed=total - 1))
    assert [f.rule for f in over] == ["ZIP-BOMB"]
    assert str(total) in over[0].message


def test_an_encrypted_entry_is_unreadable_and_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = fx.write_zip(tmp_path / "pkg.zip", fx.members())
    # Set the "encrypted" flag of index.html in its central directory record, where readers look.
    data = bytearray(path.read_bytes())
    record = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", data, record + 28)[0]
        if data[record + 46 : record + 46 + name_length] == b"index.html":
            break
        record = data.index(b"PK\x01\x02", record + 4)
    flags = struct.unpack_from("<H", data, record + 8)[0]
    struct.pack_into("<H", data, record + 8, flags | 0x1)
    path.write_bytes(bytes(data))

    def no_open(*args, **kwargs):
        raise AssertionError("a member of a package with an encrypted entry was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_open)
    findings = check_path(path)
    assert [(f.rule, f.member) for f in findings] == [("ZIP-UNREADABLE", "index.html")]
    assert "encrypted" in findings[0].message
