"""A large package is validated from the zip itself: nothing written to disk, memory bounded."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import validate_fixtures as fx

from scormpack.validate import check_path, warm_up

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


def test_large_zip_validated_in_place(large_zip: Path, no_disk_writes: Path) -> None:
    package = large_zip
    assert package.stat().st_size > 50_000_000
    before = sorted(os.listdir(package.parent))

    warm_up()  # compile the XSDs first: they are per process, not per package
    tracemalloc.start()
    try:
        findings = check_path(package)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert [f for f in findings if f.is_error] == [], findings
    assert "SCO-NO-INITIALIZE" not in {f.rule for f in findings}  # the 4 MiB script was read
    assert sorted(os.listdir(package.parent)) == before
    assert os.listdir(no_disk_writes) == []
    # Never the whole package in memory: about the largest member read (4 MiB).
    assert peak < 16 << 20, f"peak {peak / 1e6:.1f} MB"
    print(f"large zip: {package.stat().st_size / 1e6:.0f} MB, peak traced memory {peak / 1e6:.1f} MB")


def test_large_zip_over_size_limit_warns(large_zip: Path, no_disk_writes: Path) -> None:
    findings = check_path(large_zip, max_total_bytes=50_000_000)
    assert [f.rule for f in findings] == ["PKG-SIZE"]
