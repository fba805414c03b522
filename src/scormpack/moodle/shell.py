"""The course shell: moodle_backup.xml (what restore reads first), course/ and the top-level files.

No users, no logs, no grades of anyone: the root settings say so, and the files that would hold
them are written empty, as Moodle itself writes them for a course without such data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from scormpack.moodle.activities import Activity
from scormpack.moodle.sections import Section
from scormpack.moodle.xml import Element, document, el, fields

# Written as Moodle 4.1 (M@gistère) writes it: 4.1 and every later version restore it without the
# « this backup was made with a newer version » warning.
MOODLE_VERSION = 2022112800
MOODLE_RELEASE = "4.1 (Build: 20221128)"
BACKUP_RELEASE = "4.1"
# Not a real site: the restore must never take the backup for one of its own (same-site restores
# reuse users and file references).
ORIGINAL_WWWROOT = "https://scormpack.invalid"
SITE_HASH = hashlib.md5(b"scormpack").hexdigest()
COURSE_ID = 1
COURSE_CONTEXT = 2
SYSTEM_CONTEXT = 1
GRADE_CATEGORY = 1
COURSE_GRADE_ITEM = 1

# Root settings: the backup holds activities and their files, nothing about people.
ROOT_SETTINGS = (
    ("imscc11", 0), ("users", 0), ("anonymize", 0), ("role_assignments", 0), ("activities", 1),
    ("blocks", 0), ("files", 1), ("filters", 0), ("comments", 0), ("badges", 0), ("calendarevents", 0),
    ("userscompletion", 0), ("logs", 0), ("grade_histories", 0), ("questionbank", 0), ("groups", 0),
    ("competencies", 0), ("customfield", 0), ("contentbankcontent", 0), ("xapistate", 0), ("legacyfiles", 0),
)


@dataclass(frozen=True)
class Shell:
    fullname: str
    shortname: str
    summary: str
    startdate: int
    filename: str  # the .mbz file name, which moodle_backup.xml repeats


def _setting(level: str, name: str, value: object, owner: tuple[str, str] | None = None) -> Element:
    children = [el("level", level)]
    if owner:
        children.append(el(*owner))
    return el("setting", [*children, el("name", name), el("value", value)])


def moodle_backup_xml(
    shell: Shell, sections: Sequence[Section], activities: Sequence[Activity], backup_id: str
) -> bytes:
    info = fields({
        "name": shell.filename,
        "moodle_version": MOODLE_VERSION,
        "moodle_release": MOODLE_RELEASE,
        "backup_version": MOODLE_VERSION,
        "backup_release": BACKUP_RELEASE,
        "backup_date": 0,
        "mnet_remoteusers": 0,
        "include_files": 1,
        "include_file_references_to_external_content": 0,
        "original_wwwroot": ORIGINAL_WWWROOT,
        "original_site_identifier_hash": SITE_HASH,
        "original_course_id": COURSE_ID,
        "original_course_format": "topics",
        "original_course_fullname": shell.fullname,
        "original_course_shortname": shell.shortname,
        "original_course_startdate": shell.startdate,
        "original_course_enddate": 0,
        "original_course_contextid": COURSE_CONTEXT,
        "original_system_contextid": SYSTEM_CONTEXT,
    })
    detail = el("detail", fields({
        "type": "course", "format": "moodle2", "interactive": 1, "mode": 10, "execution": 1, "executiontime": 0,
    }), backup_id=backup_id)
    by_id = {a.moduleid: a for a in activities}
    activity_list = [
        el("activity", fields({
            "moduleid": a.moduleid, "sectionid": a.sectionid, "modulename": a.modulename, "title": a.title,
            "directory": a.directory, "insubsection": "",
        }))
        for s in sections for a in (by_id[m] for m in s.moduleids)
    ]
    section_list = [
        el("section", fields({
            "sectionid": s.id, "title": s.name if s.name is not None else str(s.number), "directory": s.directory,
            "parentcmid": "", "modname": "",
        }))
        for s in sections
    ]
    course = el("course", fields({"courseid": COURSE_ID, "title": shell.shortname, "directory": "course"}))
    settings = [_setting("root", "filename", shell.filename)]
    settings += [_setting("root", name, value) for name, value in ROOT_SETTINGS]
    for s in sections:
        key = f"section_{s.id}"
        settings += [_setting("section", f"{key}_included", 1, ("section", key)),
                     _setting("section", f"{key}_userinfo", 0, ("section", key))]
        for a in (by_id[m] for m in s.moduleids):
            key = f"{a.modulename}_{a.moduleid}"
            settings += [_setting("activity", f"{key}_included", 1, ("activity", key)),
                         _setting("activity", f"{key}_userinfo", 0, ("activity", key))]
    contents = el("contents", [el("activities", activity_list), el("sections", section_list), course])
    information = el("information", [*info, el("details", [detail]), contents, el("settings", settings)])
    return document(el("moodle_backup", [information]))


def course_xml(shell: Shell) -> bytes:
    values: dict[str, str | int | None] = {
        "shortname": shell.shortname,
        "fullname": shell.fullname,
        "idnumber": "",
        "summary": f"<p>{escape(shell.summary, quote=False)}</p>" if shell.summary else "",
        "summaryformat": 1,
        "format": "topics",
        "showgrades": 1,
        "newsitems": 0,  # no announcements forum: the course is the resources
        "startdate": shell.startdate,
        "enddate": 0,
        "marker": 0,
        "maxbytes": 0,
        "legacyfiles": 0,
        "showreports": 0,
        "visible": 1,
        "groupmode": 0,
        "groupmodeforce": 0,
        "defaultgroupingid": 0,
        "lang": "",
        "theme": "",
        "timecreated": 0,
        "timemodified": 0,
        "requested": 0,
        "showactivitydates": 0,
        "showcompletionconditions": 1,
        "enablecompletion": 1,
        "completionnotify": 0,
    }
    options = [
        el("courseformatoption", fields({"format": "topics", "sectionid": 0, "name": name, "value": value}))
        for name, value in (("hiddensections", 1), ("coursedisplay", 0))
    ]
    children = [
        *fields(values),
        el("category", [el("name", "scormpack"), el("description", None)], id=1),
        el("tags", []),
        el("customfields", []),
        el("courseformatoptions", options),
    ]
    return document(el("course", children, id=COURSE_ID, contextid=COURSE_CONTEXT))


def _gradebook_xml() -> bytes:
    category = el("grade_category", fields({
        "parent": None, "depth": 1, "path": f"/{GRADE_CATEGORY}/", "fullname": "?", "aggregation": 13,
        "keephigh": 0, "droplow": 0, "aggregateonlygraded": 1, "aggregateoutcomes": 0, "timecreated": 0,
        "timemodified": 0, "hidden": 0,
    }), id=GRADE_CATEGORY)
    item = el("grade_item", [*fields({
        "categoryid": None, "itemname": None, "itemtype": "course", "itemmodule": None,
        "iteminstance": GRADE_CATEGORY, "itemnumber": None, "iteminfo": None, "idnumber": None, "calculation": None,
        "gradetype": 1, "grademax": "100.00000", "grademin": "0.00000", "scaleid": None, "outcomeid": None,
        "gradepass": "0.00000", "multfactor": "1.00000", "plusfactor": "0.00000", "aggregationcoef": "0.00000",
        "aggregationcoef2": "0.00000", "weightoverride": 0, "sortorder": 1, "display": 0, "decimals": None,
        "hidden": 0, "locked": 0, "locktime": 0, "needsupdate": 0, "timecreated": 0, "timemodified": 0,
    }), el("grade_grades", [])], id=COURSE_GRADE_ITEM)
    settings = el("grade_settings", [el("grade_setting", fields({"name": "minmaxtouse", "value": 1}), id="")])
    return document(el("gradebook", [
        el("attributes", []), el("grade_categories", [category]), el("grade_items", [item]),
        el("grade_letters", []), settings,
    ]))


def shell_members(shell: Shell) -> dict[str, bytes]:
    """course/ and the top-level files other than moodle_backup.xml, files.xml and completion.xml."""
    empty_roles = document(el("roles", [el("role_overrides", []), el("role_assignments", [])]))
    return {
        "course/course.xml": course_xml(shell),
        "course/calendar.xml": document(el("events", [])),
        "course/comments.xml": document(el("comments", [])),
        "course/competencies.xml": document(el("course_competencies", [
            el("competencies", []), el("user_competencies", []),
        ])),
        "course/completiondefaults.xml": document(el("course_completion_defaults", [])),
        "course/contentbank.xml": document(el("contents", [])),
        "course/enrolments.xml": document(el("enrolments", [el("enrols", [])])),
        "course/filters.xml": document(el("filters", [el("filter_actives", []), el("filter_configs", [])])),
        "course/inforef.xml": document(el("inforef", [])),
        "course/roles.xml": empty_roles,
        "badges.xml": document(el("badges", [])),
        "grade_history.xml": document(el("grade_history", [el("grade_grades", [])])),
        "gradebook.xml": _gradebook_xml(),
        "groups.xml": document(el("groups", [el("groupcustomfields", []), el("groupings", [
            el("groupingcustomfields", []),
        ])])),
        "outcomes.xml": document(el("outcomes_definition", [])),
        "questions.xml": document(el("question_categories", [])),
        "roles.xml": document(el("roles_definition", [])),
        "scales.xml": document(el("scales_definition", [])),
        "users.xml": document(el("users", [])),
    }
