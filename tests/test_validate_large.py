"""A large package is validated from the zip itself: nothing written to disk, each member inflated once, only the
members the checks need read again.

The memory this takes is measured in bench/validate_large.py; here, what does not depend on the machine:
which members are inflated and how many bytes are read from them.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import validate_fixtures as fx

from scormpack.validate import check_path

MEMBERS = 56
MEMBER_BYTES = 1 << 20  # 56 stored members of 1 MiB: a ~59 MB zip
BIG_SCRIPT = 4 << 20  # one 4 MiB script the SCO scan has to read


def _large_package(path: Path) -> Path:
    text = fx.manifest()
    extra = "".join(f'\n      <file href="media/clip-{i:02d}.bin"/>' for i in range(MEMBERS))
    text = text.replace('<file href="transcript.html"/>', '<file href="transcript.html"/>'
                        '\n      <file href="assets/big.js"/>' + extra)
    files = fx.members(text)
    files["assets/scorm-api.js"] = b"// the API calls live in big.js here\n"
    rng = random.Random(1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        # Script-like filler first (compresses ~2:1, like real code), the API call at the very end:
        # the scan has to read the whole member.
        filler = b"".join(b'var k = "%s";\n' % rng.randbytes(32).hex().encode() for _ in range(BIG_SCRIPT // 75))
        archive.writestr("assets/big.js", filler + b"api.LMSInitialize('');\n")
        for i in range(MEMBERS):
            # Incompressible, stored: the size is real, not a bomb.
            archive.writestr(f"media/clip-{i:02d}.bin", rng.randbytes(MEMBER_BYTES), zipfile.ZIP_STORED)
    return path


@pytest.fixture(scope="module")
def large_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _large_package(tmp_path_factory.mktemp("large") / "large.zip")


@pytest.fixture
def no_disk_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Forbid extraction and temporary files; return the (empty) temp dir to check afterwards."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))

    def forbidden(*args, **kwargs):
        raise AssertionError("validation tried to write to disk")

    monkeypatch.setattr(zipfile.ZipFile, "extract", forbidden)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", forbidden)
    monkeypatch.setattr(shutil, "unpack_archive", forbidden)
    return scratch


class _ReadCounter:
    """Records the members opened and the bytes read from them, through zipfile itself."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.bytes_read = 0

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = zipfile.ZipFile.open
        counter = self

        class Counted:
            def __init__(self, stream) -> None:
                self._stream = stream

            def read(self, *args):
                data = self._stream.read(*args)
                counter.bytes_read += len(data)
                return data

            def __enter__(self):
                return self

            def __exit__(self, *exc) -> None:
                self._stream.close()

            def __getattr__(self, name):
                return getattr(self._stream, name)

        def open_counted(archive, name, *args, **kwargs):
            counter.opened.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
            return Counted(original(archive, name, *args, **kwargs))

        monkeypatch.setattr(zipfile.ZipFile, "open", open_counted)


def test_large_zip_validated_in_place(large_zip: Path, no_disk_writes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = large_zip
    assert package.stat().st_size > 50_000_000
    before = sorted(os.listdir(package.parent))

    counter = _ReadCounter()
    counter.install(monkeypatch)
    findings = check_path(package)

    assert [f for f in findings if f.is_error] == [], findings
    assert "SCO-NO-INITIALIZE" not in {f.rule for f in findings}  # the 4 MiB script was read
    assert sorted(os.listdir(package.parent)) == before
    assert os.listdir(no_disk_writes) == []
    # Every member is inflated once to prove its declared size and CRC (a lying zip), then only the
    # manifest and the SCO's pages and scripts are read a second time; the media never again.
    with zipfile.ZipFile(package) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    opened = Counter(counter.opened)
    assert set(opened) == set(infos), sorted(set(infos) - set(opened))
    again = {name for name, times in opened.items() if times == 2}
    assert max(opened.values()) == 2
    assert "assets/big.js" in again and "imsmanifest.xml" in again
    assert not [name for name in again if name.startswith("media/")], sorted(again)
    # Deflated members are inflated from their raw bytes, so what is read is their compressed size.
    def stored_size(info: zipfile.ZipInfo) -> int:
        return info.compress_size if info.compress_type == zipfile.ZIP_DEFLATED else info.file_size

    once = sum(stored_size(info) for info in infos.values())
    second = sum(stored_size(infos[name]) for name in again)
    assert counter.bytes_read == once + second
    assert second < BIG_SCRIPT + (1 << 20)


def test_large_zip_over_size_limit_warns(large_zip: Path, no_disk_writes: Path) -> None:
    findings = check_path(large_zip, max_total_bytes=50_000_000)
    assert [f.rule for f in findings] == ["PKG-SIZE"]
