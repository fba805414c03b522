"""Write an archive deterministically and atomically: fixed order, times and modes; rename into place.

The zip is laid out here rather than with `zipfile`, for one reason: `zipfile` compresses every member
on every call, and a SCORM package repeats the same 70 kB of schemas and lesson assets in each of
thousands of packages. Here a member is deflated once per process and its compressed bytes reused.
What is written is the plain PKWARE layout `zipfile` writes itself (APPNOTE 6.3: local headers, data,
central directory, end record; no ZIP64, no data descriptors); tests read every package back with
`zipfile`, which checks each CRC.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from scormpack.atomic_write import write_atomically

# The earliest time a zip can hold (1980-01-01 00:00:00, in MS-DOS format): no build clock leaks in.
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_DOS_TIME = 0
FILE_MODE = 0o100644
COMPRESSLEVEL = 6

_VERSION = 20  # 2.0: deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix, so that the mode in the external attributes is read
_UTF8_NAME = 0x800
_STORED, _DEFLATED = 0, 8
_LIMIT = 0xFFFFFFFF  # beyond this a member would need ZIP64


@lru_cache(maxsize=256)
def _deflated(data: bytes) -> tuple[int, int, bytes]:
    """(method, crc, bytes to store): deflated, or stored when deflating does not make it smaller.

    Keyed by the bytes themselves: the schemas and assets are the same objects in every package, so
    their hash is computed once and the lookup is by identity.
    """
    compressor = zlib.compressobj(COMPRESSLEVEL, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    crc = zlib.crc32(data)
    if len(packed) >= len(data):
        return _STORED, crc, data
    return _DEFLATED, crc, packed


def zip_bytes(members: Mapping[str, bytes]) -> bytes:
    """The zip of `members` (name → bytes), in their order, file entries only."""
    body: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in members.items():
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME  # declare the names' encoding when it matters
        method, crc, stored = _deflated(data)
        if len(data) > _LIMIT or offset > _LIMIT:
            raise ValueError(f"{name}: too large for a zip without ZIP64")
        sizes = (crc, len(stored), len(data), len(encoded))
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, _VERSION, flags, method, _DOS_TIME, _DOS_DATE, *sizes, 0)
        body += (local, encoded, stored)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50, _MADE_BY, _VERSION, flags, method, _DOS_TIME, _DOS_DATE, *sizes,
                0, 0, 0, 0, FILE_MODE << 16, offset,
            )
            + encoded
        )
        offset += len(local) + len(encoded) + len(stored)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(body) + directory + end


def zip_bytes_to(path: Path, members: Mapping[str, bytes]) -> str:
    """Write `members` as a zip at `path`, never leaving a partial file there or beside it; returns
    the SHA-256 of the bytes written (the incremental state keeps it to notice a damaged file)."""
    data = zip_bytes(members)
    write_atomically(path, data, parents=True)
    return hashlib.sha256(data).hexdigest()


