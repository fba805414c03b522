"""The .mbz container: a gzipped ustar archive, as Moodle's own backups are (its tgz_packer).

Moodle's restore also reads a zip (`mbz_packer` tells them apart by the gzip magic), but tar.gz is
what Moodle writes, and what every version since 2.6 reads, M@gistère's 4.1 included.

Deterministic: entries sorted by name, parent folders listed before their files, fixed mtime, owner
and modes, and a gzip header without a time or a file name; the same members give the same bytes.
"""

from __future__ import annotations

import gzip
import io
import tarfile
from collections.abc import Mapping

# 2013-01-01 00:00 UTC, the time Moodle's own packer gives the folders it adds: no build clock leaks in.
FIXED_MTIME = 1356998400
_COMPRESSLEVEL = 6


def _info(name: str, kind: bytes, size: int = 0) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = size
    info.mtime = FIXED_MTIME
    info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _folders(names: list[str]) -> list[str]:
    found: set[str] = set()
    for name in names:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            found.add("/".join(parts[:depth]))
    return sorted(found)


def tar_gz_bytes(members: Mapping[str, bytes]) -> bytes:
    """The .mbz of `members` ({posix path: bytes}): folders first, then files, each sorted."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        names = sorted(members)
        for folder in _folders(names):
            archive.addfile(_info(folder, tarfile.DIRTYPE))
        for name in names:
            data = members[name]
            archive.addfile(_info(name, tarfile.REGTYPE, len(data)), io.BytesIO(data))
    packed = io.BytesIO()
    # mtime=0 and no file name: the gzip header then says nothing about when or where it was made.
    with gzip.GzipFile(filename="", fileobj=packed, mode="wb", compresslevel=_COMPRESSLEVEL, mtime=0) as stream:
        stream.write(raw.getvalue())
    return packed.getvalue()
