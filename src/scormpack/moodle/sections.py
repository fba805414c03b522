"""The course's sections: section 0 (empty), then one per area, sorted and named after it."""

from __future__ import annotations

import re
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
