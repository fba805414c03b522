"""A whole backup from built packages: sections, activities, file store and shell, as {member: bytes}.

Pure: the caller builds the packages (with `scormpack.build`, so that the activities hold exactly the
bytes `build` writes) and writes the result (`tarball.tar_gz_bytes`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from scormpack.moodle.activities import Activity, activity_members
from scormpack.moodle.completion import completion_xml
from scormpack.moodle.filestore import FileStore
from scormpack.moodle.sections import Section, area_order, section_members, section_names
from scormpack.moodle.settings import CourseSettings
from scormpack.moodle.shell import COURSE_ID, GRADE_CATEGORY, Shell, moodle_backup_xml, shell_members
from scormpack.moodle.tarball import tar_gz_bytes

# Activity contexts are numbered from here on (1 is the system's, 2 the course's).
_FIRST_ACTIVITY_CONTEXT = 10
# Moodle's limit for an activity's name, and what tells an H5P activity from its SCORM twin in the
# course index, the gradebook and the completion report, where only the names show.
_MAX_NAME = 255
_H5P_SUFFIX = " (H5P)"


def activity_name(title: str, modulename: str) -> str:
    if modulename != "h5pactivity":
        return title
    room = _MAX_NAME - len(_H5P_SUFFIX)
    return (title if len(title) <= room else title[: room - 1] + "…") + _H5P_SUFFIX


@dataclass(frozen=True)
class CourseResource:
    """What the course needs of one built resource."""

    slug: str
    area: str  # whole (the section's name is cut to Moodle's limit), as `sections.area_key` gives it
    title: str
    description: str
    has_quiz: bool
    scorm: bytes  # the .zip `build` wrote
    h5p: bytes | None = None  # the .h5p, when the course holds H5P activities too


def plan(resources: Sequence[CourseResource]) -> tuple[list[Section], list[Activity]]:
    """Sections (0, then one per area) and activities, numbered in course order."""
    areas = sorted({r.area for r in resources}, key=lambda a: (area_order(a), a))
    sections = [Section(id=1, number=0, name=None, moduleids=())]
    activities: list[Activity] = []
    instances = {"scorm": 0, "h5pactivity": 0}
    for number, (area, name) in enumerate(zip(areas, section_names(areas, _MAX_NAME), strict=True), start=1):
        section_id = number + 1
        moduleids: list[int] = []
        for resource in (r for r in resources if r.area == area):
            packages = [("scorm", f"{resource.slug}.zip", resource.scorm)]
            if resource.h5p is not None:
                packages.append(("h5pactivity", f"{resource.slug}.h5p", resource.h5p))
            for modulename, package_name, package in packages:
                moduleid = len(activities) + 1
                instances[modulename] += 1
                activities.append(Activity(
                    moduleid=moduleid, instanceid=instances[modulename],
                    contextid=_FIRST_ACTIVITY_CONTEXT + moduleid, modulename=modulename, sectionid=section_id,
                    sectionnumber=number, title=activity_name(resource.title, modulename),
                    description=resource.description,
                    package_name=package_name, package=package, has_quiz=resource.has_quiz,
                ))
                moduleids.append(moduleid)
        sections.append(Section(id=section_id, number=number, name=name, moduleids=tuple(moduleids)))
    return sections, activities


def backup_members(resources: Sequence[CourseResource], settings: CourseSettings, shell: Shell) -> dict[str, bytes]:
    sections, activities = plan(resources)
    store = FileStore()
    members: dict[str, bytes] = dict(shell_members(shell))
    members["completion.xml"] = completion_xml(activities, settings.course_completion, COURSE_ID)
    for section in sections:
        members.update(section_members(section))
    for activity in activities:
        members.update(activity_members(activity, settings, store, GRADE_CATEGORY))
    members.update(store.members())
    # The backup's id is a hash of its content: two backups of the same course share it, as they should.
    digest = hashlib.md5()
    for name in sorted(members):
        digest.update(name.encode() + b"\0" + hashlib.sha1(members[name]).digest())
    members["moodle_backup.xml"] = moodle_backup_xml(shell, sections, activities, digest.hexdigest())
    return members


def backup_bytes(resources: Sequence[CourseResource], settings: CourseSettings, shell: Shell) -> bytes:
    return tar_gz_bytes(backup_members(resources, settings, shell))
