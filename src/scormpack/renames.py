"""A package that disappears from the output while a new one appears: maybe a renamed source.

A renamed source gets a new slug, hence (without `identifier:` in its front matter) new SCORM
identifiers; uploaded over the old activity, its package makes Moodle delete every learner's tracks.
The build cannot know whether a file was renamed, but the incremental state knows which packages it
wrote from which sources: a package whose source is gone, in the same run as a package that was
never built before, is worth a warning before anyone uploads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from scormpack.incremental import Entry


def recorded_source(source: Path, output_dir: Path) -> str:
    """The source's path as kept in the state: relative to the output folder, so that a checkout
    moved elsewhere (a CI cache restored in another folder) still finds it; "" if unrecordable."""
    try:
        relative = os.path.relpath(os.path.abspath(source), os.path.abspath(output_dir))
        relative.encode("utf-8")
    except (ValueError, UnicodeEncodeError):  # another drive (Windows); a name that is not UTF-8
        return ""
    return Path(relative).as_posix()


def vanished(entries: Mapping[str, Entry], output_dir: Path) -> dict[str, Entry]:
    """The entries whose recorded source no longer exists (entries without a source are skipped)."""
    return {
        name: entry
        for name, entry in entries.items()
        if entry.source and not os.path.lexists(os.path.join(output_dir, entry.source))
    }


def rename_warning(package: Path, source: Path, identity: str, gone: list[Entry]) -> str | None:
    """The warning for a package built for the first time while the packages `gone` (same format)
    lost their sources; None when one of them had the same identity (the tracking is kept)."""
    if not gone or any(entry.identity == identity for entry in gone):
        return None
    name = source.name
    if len(gone) == 1:
        (entry,) = gone
        old = Path(entry.source).name
        return (
            f"{source}: {package} is new and {entry.output} lost its source {old}: if {name} is {old} renamed, "
            f"uploading {package.name} over {entry.output}'s activity deletes its learners' tracking; to keep it, "
            f"add 'identifier: {entry.identity}' to the front matter of {name}"
        )
    listed = ", ".join(f"{e.output} (identifier {e.identity})" for e in gone[:3])
    more = f" and {len(gone) - 3} more" if len(gone) > 3 else ""
    return (
        f"{source}: {package} is new while {listed}{more} lost their sources: if {name} is one of them renamed, "
        f"uploading {package.name} over its activity deletes its learners' tracking; to keep it, add "
        f"'identifier: <its identifier>' to the front matter of {name}"
    )
