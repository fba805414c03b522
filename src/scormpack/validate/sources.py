"""Packages seen as read-only mappings {member name: bytes} that read lazily.

The checks only read the few members they need (the manifest, the SCO pages); everything else is
listed and sized, never loaded. So a 1 GB package costs the memory of its largest page, and nothing
is ever written to disk. A plain dict from the build is the same shape, with sizes from len().
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from scormpack.validate.inflate import DataBroken, DataLie, iter_member
from scormpack.validate.modes import special_kind


class MemberUnreadable(Exception):
    """A member could not be read back (CRC error, truncated data, I/O error, over the limit)."""


def member_size(members: Mapping[str, bytes], name: str) -> int:
    """The uncompressed size of a member without reading it when the mapping knows it."""
    size = getattr(members, "size", None)
    return size(name) if callable(size) else len(members[name])


class ZipMembers(Mapping[str, bytes]):
    """The files of an open zip (directories left out), read member by member on access."""

    def __init__(
        self, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], budget: int, keep_directories: bool = False
    ) -> None:
        self._zip = archive
        # Last entry wins on duplicate names, as in zipfile itself; duplicates are reported apart.
        # H5P refuses folder records, so its checker must see them (as empty members ending in "/").
        self._infos = {info.filename: info for info in infos if keep_directories or not info.is_dir()}
        # Bytes we accept to decompress in total: the bomb limit, enforced while reading.
        self._budget = budget

    def __getitem__(self, name: str) -> bytes:
        info = self._infos[name]
        chunks: list[bytes] = []
        got = 0
        try:
            for chunk in iter_member(self._zip, info):
                got += len(chunk)
                if got > self._budget:
                    raise MemberUnreadable(f"{name}: over the limit of bytes to decompress")
                chunks.append(chunk)
        except (DataLie, DataBroken) as err:
            raise MemberUnreadable(f"{name}: {err}") from err
        self._budget -= got
        return b"".join(chunks)

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def size(self, name: str) -> int:
        return self._infos[name].file_size


class FolderMembers(Mapping[str, bytes]):
    """The regular files under an unpacked package folder, as posix paths relative to it.

    Anything else is set apart, never opened: a FIFO would block the reader forever, a device
    never end, a link loop raise.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, Path] = {}
        self._sizes: dict[str, int] = {}
        self.outside: list[str] = []  # symlinks leading out of the folder: reported, never read
        self.special: dict[str, str] = {}  # relative path → what it is instead of a regular file
        real_root = root.resolve()
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = Path(folder) / name
                rel = path.relative_to(root).as_posix()
                try:
                    if path.is_symlink() and not path.resolve(strict=True).is_relative_to(real_root):
                        self.outside.append(rel)
                        continue
                    status = path.stat()
                except (OSError, RuntimeError) as err:  # RuntimeError: a link loop, before Python 3.13
                    self.special[rel] = (
                        "a symbolic link that leads to no file (broken or a loop)" if path.is_symlink()
                        else f"a file that cannot be examined ({getattr(err, 'strerror', None) or err})"
                    )
                    continue
                kind = special_kind(status.st_mode)
                if kind:
                    self.special[rel] = kind
                    continue
                self._files[rel] = path
                self._sizes[rel] = status.st_size

    def __getitem__(self, name: str) -> bytes:
        path = self._files[name]
        try:
            # Non-blocking: a FIFO put in a file's place after the walk must not hang the check.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as err:
            raise MemberUnreadable(f"{name}: {err.strerror}") from err
        with os.fdopen(fd, "rb") as stream:
            try:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    raise MemberUnreadable(f"{name}: no longer a regular file")
                return stream.read()
            except OSError as err:
                raise MemberUnreadable(f"{name}: {err.strerror}") from err

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def size(self, name: str) -> int:
        return self._sizes[name]
