"""Reading a Moodle course backup (.mbz, a gzipped tar) for checking, never extracting it to disk.

The archive is streamed: the XML files are kept (they are small and every check needs them), the
file store under `files/` is only hashed as it goes by. A second pass fetches the few stored files
that are packages, when an activity's package is to be checked. The bomb limits of zips apply to
the entry count and to the bytes inflated, counted while reading.
"""

from __future__ import annotations

import hashlib
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from scormpack.validate.container import ZipLimits

_CHUNK = 1 << 16
# An XML file of a backup above this size is not one Moodle writes for a course without users.
MAX_XML_BYTES = 64 << 20
STORE_NAME = re.compile(r"files/([0-9a-f]{2})/([0-9a-f]{40})")


class BackupUnreadable(Exception):
    """Not a gzipped tar, truncated, or a link or device entry (which nothing in a backup is)."""


class BackupBomb(Exception):
    """Over the entry count or the inflated size allowed."""


@dataclass
class BackupListing:
    names: list[str] = field(default_factory=list)
    xml: dict[str, bytes] = field(default_factory=dict)  # every *.xml outside files/
    # files/xx/<sha1>: the sha1 of the bytes found there and their size
    store: dict[str, tuple[str, int]] = field(default_factory=dict)
    bad_xml_sizes: list[str] = field(default_factory=list)


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r|gz")
    except (tarfile.TarError, OSError, EOFError) as err:
        raise BackupUnreadable(f"not a gzipped tar: {err}") from err


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo, budget: list[int], keep: bool) -> tuple[bytes, str, int]:
    stream = archive.extractfile(member)
    if stream is None:
        raise BackupUnreadable(f"{member.name}: unreadable entry")
    digest = hashlib.sha1()
    kept: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise BackupBomb("more bytes once inflated than the limit allows")
        digest.update(chunk)
        if keep:
            kept.append(chunk)
    return b"".join(kept), digest.hexdigest(), size


def list_backup(path: Path, limits: ZipLimits) -> BackupListing:
    """One pass over the archive: names, XML files, hashes of the file store."""
    listing = BackupListing()
    budget = [limits.max_uncompressed]
    compressed = max(path.stat().st_size, 1)
    inflated = 0
    try:
        with _open(path) as archive:
            for member in archive:
                if len(listing.names) >= limits.max_entries:
                    raise BackupBomb(f"more than {limits.max_entries} entries")
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupUnreadable(f"{member.name}: a link or special file, which a backup never holds")
                name = member.name
                listing.names.append(name)
                if STORE_NAME.fullmatch(name):
                    _, sha1, size = _read(archive, member, budget, keep=False)
                    listing.store[name] = (sha1, size)
                elif name.endswith(".xml"):
                    if member.size > MAX_XML_BYTES:
                        listing.bad_xml_sizes.append(name)
                        continue
                    data, _, size = _read(archive, member, budget, keep=True)
                    listing.xml[name] = data
                else:
                    _, _, size = _read(archive, member, budget, keep=False)
                inflated += size
                if inflated > limits.ratio_floor and inflated / compressed > limits.max_ratio:
                    raise BackupBomb(f"compression ratio over {limits.max_ratio:.0f}:1")
    except (tarfile.TarError, OSError, EOFError, ValueError) as err:
        raise BackupUnreadable(f"not a readable gzipped tar: {err}") from err
    return listing


def read_store_files(path: Path, wanted: set[str], limits: ZipLimits) -> dict[str, bytes]:
    """The bytes of the file-store entries named in `wanted` (a second pass)."""
    found: dict[str, bytes] = {}
    budget = [limits.max_uncompressed]
    try:
        with _open(path) as archive:
            for member in archive:
                if member.isfile() and member.name in wanted:
                    found[member.name], _, _ = _read(archive, member, budget, keep=True)
                    if len(found) == len(wanted):
                        break
    except (tarfile.TarError, OSError, EOFError, ValueError) as err:
        raise BackupUnreadable(f"not a readable gzipped tar: {err}") from err
    return found
