"""Write an archive deterministically and atomically: fixed order, times and modes; rename into place."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

# The earliest time a zip can hold: no build clock leaks into the bytes.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644


def zip_bytes_to(path: Path, members: Mapping[str, bytes], *, compresslevel: int = 6) -> None:
    """Write `members` (name → bytes, in order) as a zip at `path`, never leaving a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w") as archive:
            for name, data in members.items():
                info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = FILE_MODE << 16
                archive.writestr(info, data, compresslevel=compresslevel)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
