"""A zip member's data, read no further than its declared size, as a lying zip may need.

zipfile stops at the declared size and checks the CRC of what it read; so a deflate stream that
goes on past the declared size, carrying the CRC of its first declared bytes, reads as a good
member while `unzip` writes the whole stream. Deflate members are therefore inflated here from
their raw data, at most one byte past the declared size: that byte is the proof of the lie.
"""

from __future__ import annotations

import copy
import zipfile
import zlib
from collections.abc import Iterator

# Deflate codes at most 258 bytes with two bits (a length and a distance code of one bit each).
DEFLATE_MAX_RATIO = 1032
_CHUNK = 1 << 16
_READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error)


class DataLie(Exception):
    """The member holds more data than its header declares."""


class DataBroken(Exception):
    """The member's data cannot be read back as declared (CRC, truncation, I/O error)."""


def _raw_stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> zipfile.ZipExtFile:
    """The member's compressed bytes as zipfile reads them (local header checks included)."""
    raw = copy.copy(info)
    raw.compress_type = zipfile.ZIP_STORED
    raw.file_size = info.compress_size
    del raw.CRC  # the CRC is the inflated data's: checked by the caller, not on the raw bytes
    return archive.open(raw)


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    crc = got = 0
    with _raw_stream(archive, info) as stream:
        pending = b""
        while not inflater.eof:
            if not pending:
                pending = stream.read(_CHUNK)
                if not pending:
                    raise DataBroken("the compressed data ends before the end of its deflate stream")
            room = info.file_size + 1 - got
            chunk = inflater.decompress(pending, room)
            pending = inflater.unconsumed_tail
            got += len(chunk)
            if got > info.file_size:
                raise DataLie(
                    f"inflates past its declared size of {info.file_size} bytes (an unzip writes all of it)"
                )
            crc = zlib.crc32(chunk, crc)
            yield chunk
    if got != info.file_size:
        raise DataBroken(f"inflates to {got} bytes, not the {info.file_size} declared")
    if crc != info.CRC:
        raise DataBroken(f"bad CRC-32 ({crc:08x}, the header says {info.CRC:08x})")


def iter_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's data in chunks; DataLie when there is more than declared, DataBroken when it
    cannot be read back. Stored, bzip2 and LZMA members go through zipfile, which stops at the
    declared size (for stored members the container check has made the two sizes equal)."""
    if info.compress_size == 0 and info.file_size == 0:
        return  # an empty file some tools mark deflated without writing a deflate stream
    try:
        if info.compress_type == zipfile.ZIP_DEFLATED:
            yield from _inflate(archive, info)
            return
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk
    except _READ_ERRORS as err:
        raise DataBroken(str(err)) from err


def verify_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Read the member through once, keeping nothing: the same errors as `iter_member`."""
    for _ in iter_member(archive, info):
        pass
