"""One activity of the course: its folder `activities/<module>_<id>/` as Moodle's restore reads it
(backup/moodle2/restore_activity_task, mod/scorm and mod/h5pactivity's restore steps).

The SCORM activity is what mod_scorm keeps after it parsed an upload: the zip in the `package` area,
its files unpacked in the `content` area, and one `scorm_scoes` row per organization and item of the
manifest. Restore copies these as they are (it does not parse the package again), so they are
derived here from the manifest `build` wrote.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from html import escape

from lxml import etree

from scormpack.moodle.filestore import FileStore
from scormpack.moodle.settings import (
    COMPLETION_STATUS,
    DISPLAY,
    GRADE_METHODS,
    NAV,
    SKIP_ENTRY_PAGE,
    TOC,
    CourseSettings,
)
from scormpack.moodle.xml import Element, document, el, fields

# The version Moodle 4.1 gives both modules' backups; restore only compares it with old versions.
MODULE_VERSION = 2022112800
_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Completion tracking: 2 = automatic, on the rules of the module.
COMPLETION_AUTOMATIC = 2


@dataclass(frozen=True)
class Activity:
    """One activity to write: where it goes and what it holds."""

    moduleid: int  # the course module id, unique in the backup
    instanceid: int  # the id of its row in the module's own table
    contextid: int
    modulename: str  # "scorm" or "h5pactivity"
    sectionid: int
    sectionnumber: int
    title: str
    description: str
    package_name: str
    package: bytes
    has_quiz: bool

    @property
    def directory(self) -> str:
        return f"activities/{self.modulename}_{self.moduleid}"

    @property
    def grade_item_id(self) -> int:
        return self.moduleid + 1  # 1 is the course's own grade item


@dataclass(frozen=True)
class Sco:
    id: int
    manifest: str
    organization: str
    parent: str
    identifier: str
    launch: str
    scormtype: str
    title: str
    data: tuple[tuple[str, str], ...]


def intro_html(description: str) -> str:
    return f"<p>{escape(description, quote=False)}</p>"


def _text(node: etree._Element | None) -> str:
    return "" if node is None else (node.text or "").strip()


def scoes_of(manifest: bytes) -> list[Sco]:
    """The `scorm_scoes` rows mod_scorm makes of a SCORM 1.2 manifest (mod/scorm/datamodels/scormlib.php):
    one per organization (parent "/"), then one per item, in document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(manifest, parser)
    ns = {"cp": root.nsmap.get(None, "http://www.imsproject.org/xsd/imscp_rootv1p1p2")}
    manifest_id = root.get("identifier", "")
    # mod_scorm launches a resource's xml:base followed by its href.
    hrefs = {
        r.get("identifier"): (r.get(_XML_BASE, "") + (r.get("href") or ""), r.get(f"{{{_ADLCP}}}scormtype") or "")
        for r in root.iterfind("cp:resources/cp:resource", ns)
    }
    rows: list[Sco] = []

    def add(**values: object) -> None:
        rows.append(Sco(id=len(rows) + 1, manifest=manifest_id, **values))  # type: ignore[arg-type]

    def walk(item: etree._Element, organization: str, parent: str) -> None:
        ref = item.get("identifierref")
        href, scormtype = hrefs.get(ref, ("", "")) if ref else ("", "")
        parameters = item.get("parameters") or ""
        data = [("isvisible", item.get("isvisible") or "true"), ("parameters", parameters)]
        for name in ("masteryscore", "maxtimeallowed", "timelimitaction", "datafromlms", "prerequisites"):
            value = _text(item.find(f"adlcp:{name}", {"adlcp": _ADLCP}))
            if value:
                data.append((name, value))
        add(organization=organization, parent=parent, identifier=item.get("identifier", ""), launch=href,
            scormtype=scormtype, title=_text(item.find("cp:title", ns)), data=tuple(data))
        for child in item.iterfind("cp:item", ns):
            walk(child, organization, item.get("identifier", ""))

    for organization in root.iterfind("cp:organizations/cp:organization", ns):
        org_id = organization.get("identifier", "")
        add(organization="", parent="/", identifier=org_id, launch="", scormtype="",
            title=_text(organization.find("cp:title", ns)), data=())
        for item in organization.iterfind("cp:item", ns):
            walk(item, org_id, org_id)
    return rows


def _sco_element(sco: Sco, sortorder: int, data_ids: list[int]) -> Element:
    datas = []
    for name, value in sco.data:
        data_ids[0] += 1
        datas.append(el("sco_data", fields({"name": name, "value": value}), id=data_ids[0]))
    children = fields({
        "manifest": sco.manifest,
        "organization": sco.organization,
        "parent": sco.parent,
        "identifier": sco.identifier,
        "launch": sco.launch,
        "scormtype": sco.scormtype,
        "title": sco.title,
        "sortorder": sortorder,
    })
    children += [el("sco_datas", datas), el("seq_ruleconds", []), el("seq_rolluprules", []),
                 el("seq_objectives", []), el("sco_tracks", [])]
    return el("sco", children, id=sco.id)


def scorm_xml(activity: Activity, settings: CourseSettings) -> bytes:
    with zipfile.ZipFile(io.BytesIO(activity.package)) as archive:
        manifest = archive.read("imsmanifest.xml")
    scoes = scoes_of(manifest)
    launch = next((s.id for s in scoes if s.launch), "")
    data_ids = [0]
    # A lesson without a quiz has nothing to master: the mastery override would turn its
    # « completed » into « passed » (scorm_12.js, StoreData), and completion asks for « completed ».
    masteryoverride = 1 if activity.has_quiz else 0
    status = settings.completion_quiz if activity.has_quiz else settings.completion_no_quiz
    values: dict[str, str | int | None] = {
        "name": activity.title,
        "scormtype": "local",
        "reference": activity.package_name,
        "intro": intro_html(activity.description),
        "introformat": 1,
        "version": "SCORM_1.2",
        "maxgrade": settings.max_grade,
        "grademethod": GRADE_METHODS[settings.grade_method],
        "whatgrade": 0,  # the highest attempt
        "maxattempt": settings.attempts,
        "forcecompleted": 0,
        "forcenewattempt": 0,
        "lastattemptlock": 0,
        "masteryoverride": masteryoverride,
        "displayattemptstatus": 1,
        "displaycoursestructure": 0,
        "updatefreq": 0,
        "sha1hash": hashlib.sha1(activity.package).hexdigest(),
        "md5hash": "",
        "revision": 1,
        "launch": launch,
        "skipview": SKIP_ENTRY_PAGE[settings.skip_entry_page],
        "hidebrowse": 1,
        "hidetoc": TOC[settings.toc],
        "nav": NAV[settings.nav],
        "navpositionleft": -100,
        "navpositiontop": -100,
        "auto": 0,
        "popup": DISPLAY[settings.display],
        "options": "",
        "width": 100,
        "height": 500,
        "timeopen": 0,
        "timeclose": 0,
        "timemodified": 0,
        "completionstatusrequired": COMPLETION_STATUS[status],
        "completionscorerequired": None,
        "completionstatusallscos": 0,
        "autocommit": 0,
    }
    children = [*fields(values), el("scoes", [_sco_element(s, i, data_ids) for i, s in enumerate(scoes, 1)])]
    root = el("activity", [el("scorm", children, id=activity.instanceid)],
              id=activity.instanceid, moduleid=activity.moduleid, modulename="scorm", contextid=activity.contextid)
    return document(root)


def h5pactivity_xml(activity: Activity, settings: CourseSettings) -> bytes:
    values: dict[str, str | int | None] = {
        "name": activity.title,
        "timecreated": 0,
        "timemodified": 0,
        "intro": intro_html(activity.description),
        "introformat": 1,
        "grade": settings.max_grade,
        "displayoptions": 15,  # no download, embed, copyright nor H5P button: the content is ours
        "enabletracking": 1,
        "grademethod": 1,  # the highest attempt
        "reviewmode": 1,
    }
    children = [*fields(values), el("attempts", [])]
    root = el("activity", [el("h5pactivity", children, id=activity.instanceid)],
              id=activity.instanceid, moduleid=activity.moduleid, modulename="h5pactivity",
              contextid=activity.contextid)
    return document(root)


def module_xml(activity: Activity) -> bytes:
    # SCORM completes on its status; H5P on a grade when it has a quiz, else on being viewed.
    is_h5p = activity.modulename == "h5pactivity"
    values: dict[str, str | int | None] = {
        "modulename": activity.modulename,
        "sectionid": activity.sectionid,
        "sectionnumber": activity.sectionnumber,
        "idnumber": "",
        "added": 0,
        "score": 0,
        "indent": 0,
        "visible": 1,
        "visibleoncoursepage": 1,
        "visibleold": 1,
        "groupmode": 0,
        "groupingid": 0,
        "completion": COMPLETION_AUTOMATIC,
        "completiongradeitemnumber": 0 if is_h5p and activity.has_quiz else None,
        "completionpassgrade": 0,
        "completionview": 1 if is_h5p and not activity.has_quiz else 0,
        "completionexpected": 0,
        "availability": None,
        "showdescription": 0,
        "downloadcontent": 1,
        "lang": None,
    }
    root = el("module", [*fields(values), el("tags", [])], id=activity.moduleid, version=MODULE_VERSION)
    return document(root)


def grades_xml(activity: Activity, settings: CourseSettings, category_id: int) -> bytes:
    item = el("grade_item", [*fields({
        "categoryid": category_id,
        "itemname": activity.title,
        "itemtype": "mod",
        "itemmodule": activity.modulename,
        "iteminstance": activity.instanceid,
        "itemnumber": 0,
        "iteminfo": None,
        "idnumber": "",
        "calculation": None,
        "gradetype": 1,
        "grademax": f"{settings.max_grade:.5f}",
        "grademin": "0.00000",
        "scaleid": None,
        "outcomeid": None,
        "gradepass": "0.00000",
        "multfactor": "1.00000",
        "plusfactor": "0.00000",
        "aggregationcoef": "0.00000",
        "aggregationcoef2": "0.00000",
        "weightoverride": 0,
        "sortorder": activity.grade_item_id,
        "display": 0,
        "decimals": None,
        "hidden": 0,
        "locked": 0,
        "locktime": 0,
        "needsupdate": 0,
        "timecreated": 0,
        "timemodified": 0,
    }), el("grade_grades", [])], id=activity.grade_item_id)
    return document(el("activity_gradebook", [el("grade_items", [item]), el("grade_letters", [])]))


def _inforef(file_ids: list[int], grade_item_id: int) -> bytes:
    files = el("fileref", [el("file", [el("id", i)]) for i in file_ids])
    grades = el("grade_itemref", [el("grade_item", [el("id", grade_item_id)])])
    return document(el("inforef", [files, grades]))


# The files of an activity folder that hold nothing for a new course (no users, no history).
def _empty_parts() -> dict[str, bytes]:
    return {
        "calendar.xml": document(el("events", [])),
        "comments.xml": document(el("comments", [])),
        "competencies.xml": document(el("course_module_competencies", [el("competencies", [])])),
        "completion.xml": document(el("completions", [el("completionviews", [])])),
        "filters.xml": document(el("filters", [el("filter_actives", []), el("filter_configs", [])])),
        "grade_history.xml": document(el("grade_history", [el("grade_grades", [])])),
        "roles.xml": document(el("roles", [el("role_overrides", []), el("role_assignments", [])])),
        "xapistate.xml": document(el("states", [])),
    }


def activity_members(
    activity: Activity, settings: CourseSettings, store: FileStore, category_id: int
) -> dict[str, bytes]:
    """The activity's folder, its files put in `store`."""
    if activity.modulename == "scorm":
        stored = store.add_area(activity.contextid, "mod_scorm", "package", {activity.package_name: activity.package})
        with zipfile.ZipFile(io.BytesIO(activity.package)) as archive:
            unpacked = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
        stored += store.add_area(activity.contextid, "mod_scorm", "content", unpacked)
        own = {"scorm.xml": scorm_xml(activity, settings)}
    else:
        stored = store.add_area(
            activity.contextid, "mod_h5pactivity", "package", {activity.package_name: activity.package}
        )
        own = {"h5pactivity.xml": h5pactivity_xml(activity, settings)}
    parts = {
        **_empty_parts(),
        **own,
        "module.xml": module_xml(activity),
        "grades.xml": grades_xml(activity, settings, category_id),
        "inforef.xml": _inforef([f.id for f in stored], activity.grade_item_id),
    }
    return {f"{activity.directory}/{name}": data for name, data in parts.items()}
