"""The zip writer: what an LMS's unzip reads back, byte-identical every time."""

from __future__ import annotations

import io
import zipfile

from scormpack.package import zip_bytes, zip_bytes_to

MEMBERS = {
    "imsmanifest.xml": b"<manifest/>" * 200,
    "index.html": b"<p>Qui fait quoi ?</p>" * 50,
    "assets/é.txt": b"x",  # stored: deflating one byte makes it larger
    "empty.txt": b"",
}


def test_zipfile_reads_every_member_back():
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(MEMBERS)))
    assert archive.testzip() is None  # every CRC checks
    assert archive.namelist() == list(MEMBERS)
    for info in archive.infolist():
        assert archive.read(info) == MEMBERS[info.filename]
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644
        assert info.create_system == 3
        assert not info.is_dir()
    assert archive.getinfo("index.html").compress_type == zipfile.ZIP_DEFLATED
    assert archive.getinfo("assets/é.txt").compress_type == zipfile.ZIP_STORED
    assert archive.getinfo("assets/é.txt").flag_bits & 0x800  # UTF-8 name declared
    assert not archive.getinfo("index.html").flag_bits & 0x800


def test_same_members_same_bytes(tmp_path):
    zip_bytes_to(tmp_path / "a.zip", MEMBERS)
    zip_bytes_to(tmp_path / "b.zip", dict(MEMBERS))
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip", "b.zip"]  # no temporary file left
