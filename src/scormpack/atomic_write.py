"""Replacing a file whole or not at all, with the mode a plain write would give it.

Every file scormpack writes (packages, reports, reviewed quizzes, state and cache files) goes through
`write_atomically`, so that a reader never sees half a file and a crash leaves the old one in place.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


def write_atomically(path: Path, data: bytes | str, *, parents: bool = False) -> None:
    """Write `data` (text as UTF-8, newlines as given) to `path` through a temporary file renamed over it.

    A new file gets the umask's mode, as `open()` would give it; a replaced file keeps its own mode
    (a temporary file alone would be private, 0600, and the team's shared files unreadable).
    `parents`: create the missing folders (scormpack's own output folders); otherwise a missing
    folder is an error, as for a file the user names."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if parents:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # Through a symbolic link, the file it names is replaced and the link kept (a team may link a
    # shared file into its folder); a link to nowhere is an error, as a plain write through it is.
    path = Path(os.path.realpath(path))
    try:
        kept: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        kept = None
    # Beside the target so that the rename is atomic; a name of our own (pid and random part) keeps
    # worker processes and the preview's threads apart, and O_EXCL never reuses someone else's file.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # 0o666 is what open() asks for: the kernel applies the umask, without reading it (os.umask is
    # process-wide and cannot be read without changing it, under other threads' feet).
    try:
        # Opened inside the try: a signal (an interrupted build) right after the file is created
        # must remove it too. The name is this process's own, so the clean-up never takes another's.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            if kept is not None:
                os.fchmod(handle.fileno(), kept)
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
