"""Reading a source file's text safely: regular files only, a size limit, UTF-8, XML-safe characters.

Shared by the markdown reader and the `.quiz.yaml` reader, so that both refuse the same things with
the same words.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from scormpack.errors import SourceError

# The default of the `max_source_mb` setting. A one-hour video's transcript is about 60 kB: this
# leaves room for a hundred hours while keeping a build's time and memory bounded.
DEFAULT_MAX_SOURCE_MB = 5

# Characters XML 1.0 cannot hold (lxml refuses them), plus the C0/C1 controls and noncharacters it
# merely discourages: none of them belongs in a title or a transcript, and a page would show them
# as boxes or not at all.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path` if it is a regular file of at most `max_bytes`; OSError propagates.

    Opened without blocking and checked on the open descriptor: a FIFO or a device would otherwise
    block the open or the read forever (or, for /dev/zero, fill the memory)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise SourceError(path, None, "file", f"is {kind} (expected a regular file)")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError(
            path, None, "file", f"larger than {max_bytes / 1e6:g} MB (the max_source_mb setting; split the resource)"
        )
    return data


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed) with LF line ends, or a SourceError naming the line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(path, 1, "encoding", "the file is UTF-16 (save it as UTF-8)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte {exc.start}; save the file as UTF-8)"
        raise SourceError(path, line, "encoding", message) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def first_bad_character(text: str) -> tuple[int, str] | None:
    """(offset, character) of the first character a text field cannot hold, or None."""
    found = _NOT_TEXT.search(text)
    return None if found is None else (found.start(), found.group())


def describe_bad_character(char: str) -> str:
    return f"holds the control or non-text character U+{ord(char):04X} (remove it; only printable text is allowed)"
