"""Platform profiles: which major.minor of each library a package names, per target site.

A site only runs a package whose libraries it has at exactly that major.minor, and H5P.Column 1.18
needs H5P core API 1.27 (Moodle 4.4+); Moodle 4.1–4.3 (M@gistère among them, core 1.24) stay on 1.17.
Both Columns offer the same child versions, so only the Column entry of h5p.json differs.
"""

from __future__ import annotations

from dataclasses import dataclass

COLUMN = "H5P.Column"
ADVANCED_TEXT = "H5P.AdvancedText"
VIDEO = "H5P.Video"
ACCORDION = "H5P.Accordion"
DRAG_TEXT = "H5P.DragText"


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    # The H5P core API the target site runs, for messages.
    core_api: tuple[int, int]
    versions: dict[str, tuple[int, int]]

    def version(self, machine_name: str) -> tuple[int, int]:
        return self.versions[machine_name]

    def ref(self, machine_name: str) -> str:
        """The string a `library` field of content.json holds, e.g. "H5P.DragText 1.10"."""
        major, minor = self.versions[machine_name]
        return f"{machine_name} {major}.{minor}"

    def dependency(self, machine_name: str) -> dict[str, str | int]:
        """The h5p.json form: no patchVersion, which the site chooses."""
        major, minor = self.versions[machine_name]
        return {"machineName": machine_name, "majorVersion": major, "minorVersion": minor}


_CHILDREN = {ADVANCED_TEXT: (1, 1), VIDEO: (1, 6), ACCORDION: (1, 0), DRAG_TEXT: (1, 10)}

PROFILES: dict[str, Profile] = {
    "moodle-4.4+": Profile(
        name="moodle-4.4+",
        description="Moodle 4.4, 4.5 LTS and 5.x (h5plib_v127, H5P core API 1.27)",
        core_api=(1, 27),
        versions={COLUMN: (1, 18), **_CHILDREN},
    ),
    "magistere": Profile(
        name="magistere",
        description="M@gistère and Moodle 4.1–4.3 (h5plib_v124/v126, H5P core API 1.24)",
        core_api=(1, 24),
        versions={COLUMN: (1, 17), **_CHILDREN},
    ),
}


def profile_named(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown H5P profile {name!r} (expected {', '.join(PROFILES)})") from None
