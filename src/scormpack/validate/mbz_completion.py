"""completion.xml of a course backup: the course completion criteria against the activities the
backup holds (backup/moodle2/restore_stepslib.php, restore_course_completion_structure_step). Its rule,
MBZ-COMPLETION, is registered with the other MBZ rules in mbz.py."""

from __future__ import annotations

from lxml import etree

from scormpack.validate.findings import Finding
from scormpack.validate.rules import finding

MEMBER = "completion.xml"
# completion/criteria/completion_criteria.php: COMPLETION_CRITERIA_TYPE_ACTIVITY.
_CRITERIA_ACTIVITY = "4"


def _text(node: etree._Element, path: str) -> str:
    return (node.findtext(path) or "").strip()


def check_completion(trees: dict[str, etree._Element], label: str) -> list[Finding]:
    """Findings about completion.xml; none when the backup has no such file (restore then skips it)."""
    root = trees.get(MEMBER)
    info = trees["moodle_backup.xml"].find("information")
    if root is None or info is None:
        return []
    activities = {
        _text(a, "moduleid"): (_text(a, "modulename"), _text(a, "directory"), _text(a, "title"))
        for a in info.iterfind("contents/activities/activity")
    }
    findings: list[Finding] = []
    seen: set[str] = set()
    for node in root.iterfind("course_completion_criteria"):
        if _text(node, "criteriatype") != _CRITERIA_ACTIVITY:
            continue
        where = f"criterion {node.get('id', '?')}"
        cmid, module = _text(node, "moduleinstance"), _text(node, "module")
        if cmid not in activities:
            findings.append(finding("MBZ-COMPLETION", label, f"{where} requires activity {cmid or '(none)'}, which "
                                    "moodle_backup.xml does not list (expected the moduleid of an activity of the "
                                    "backup)", member=MEMBER))
            continue
        name, directory, title = activities[cmid]
        if cmid in seen:
            findings.append(finding("MBZ-COMPLETION", label, f"{where} requires activity {cmid} « {title} » a second "
                                    "time (expected one criterion per activity)", member=MEMBER))
        seen.add(cmid)
        if module != name:
            findings.append(finding("MBZ-COMPLETION", label, f"{where}: activity {cmid} « {title} » is a {name!r} "
                                    f"activity, the criterion says {module!r}", member=MEMBER))
        module_xml = trees.get(f"{directory}/module.xml")
        if module_xml is not None and _text(module_xml, "completion") in ("", "0"):
            findings.append(finding("MBZ-COMPLETION", label, f"{where} requires activity {cmid} « {title} », whose "
                                    "completion tracking is off (expected completion 1 or 2 in its module.xml): "
                                    "the criterion is never met", member=MEMBER))
    return findings
