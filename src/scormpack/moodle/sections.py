"""The course's sections: section 0 (empty), then one per area, sorted and named after it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from scormpack.moodle.xml import document, el, fields


@dataclass(frozen=True)
class Section:
    id: int
    number: int
    name: str | None  # None: Moodle's default name (« Généralités » for section 0)
    moduleids: tuple[int, ...]

    @property
    def directory(self) -> str:
        return f"sections/section_{self.id}"


def area_order(area: str) -> tuple[object, ...]:
    """Sort key reading numbers as numbers: « Domaine 2 » before « Domaine 10 »."""
    parts = re.split(r"(\d+)", area.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def area_key(area: str) -> str:
    """The area as one section holds it: « Éducation » typed composed or decomposed (macOS tools write
    the latter), or with other spacing, is still one area to the reader."""
    return " ".join(unicodedata.normalize("NFC", area).split())


def section_names(areas: Sequence[str], limit: int) -> list[str]:
    """One name per area, at most `limit` characters, never two alike: two areas that differ only past
    the cut are told apart by a number, so that they stay two sections a teacher can tell apart."""
    names: list[str] = []
    taken: set[str] = set()
    for area in areas:
        name = area if len(area) <= limit else area[: limit - 1] + "…"
        number = 1
        while name in taken:
            number += 1
            suffix = f" ({number})"
            name = area[: limit - 1 - len(suffix)] + "…" + suffix
        taken.add(name)
        names.append(name)
    return names


def section_members(section: Section) -> dict[str, bytes]:
    values: dict[str, str | int | None] = {
        "number": section.number,
        "name": section.name,
        "summary": "",
        "summaryformat": 1,
        "sequence": ",".join(str(i) for i in section.moduleids),
        "visible": 1,
        "availabilityjson": None,
        "component": None,
        "itemid": None,
        "timemodified": 0,
    }
    return {
        f"{section.directory}/section.xml": document(el("section", fields(values), id=section.id)),
        f"{section.directory}/inforef.xml": document(el("inforef", [])),
    }
