"""File types from a Unix mode: what, besides a regular file or a folder, an entry would be."""

from __future__ import annotations

import stat


def special_kind(mode: int) -> str | None:
    """What a file mode is when it is neither a regular file nor a folder, else None."""
    kind = stat.S_IFMT(mode)
    if kind in (0, stat.S_IFREG, stat.S_IFDIR):
        return None
    if kind == stat.S_IFLNK:
        return "a symbolic link"
    if kind in (stat.S_IFCHR, stat.S_IFBLK):
        return "a device"
    if kind == stat.S_IFIFO:
        return "a FIFO"
    if kind == stat.S_IFSOCK:
        return "a socket"
    return f"of unknown file type {kind >> 12:o}"
