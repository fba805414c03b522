"""completion.xml: the course's completion criteria, as Moodle's backup writes them
(backup_course_completion_structure_step) and its restore reads them
(restore_course_completion_structure_step).

Activity tracking alone does not make a course completable: without criteria Moodle's course
completion report shows nothing and no learner ever completes the course.
"""

from __future__ import annotations

from collections.abc import Sequence

from scormpack.moodle.activities import Activity
from scormpack.moodle.xml import document, el, fields

# completion/criteria/completion_criteria.php and lib/completionlib.php.
CRITERIA_ACTIVITY = 4
CRITERIA_COURSE = 8
CRITERIA_ROLE = 7
AGGREGATION_ALL = 1


def required_activities(activities: Sequence[Activity], rule: str) -> list[Activity]:
    """What `course_completion` asks for: the lessons (SCORM), every activity, or none."""
    if rule == "none":
        return []
    if rule == "lessons":
        return [a for a in activities if a.modulename == "scorm"]
    return list(activities)


def completion_xml(activities: Sequence[Activity], rule: str, course_id: int) -> bytes:
    """The criteria for `rule`, in course order; an empty file (as Moodle writes it for a course
    without criteria) when there are none."""
    required = required_activities(activities, rule)
    if not required:
        return document(el("course_completion", []))
    criteria = [
        el("course_completion_criteria", [
            # Restore maps moduleinstance through the course-module ids, which moodle_backup.xml gives
            # as moduleid; a criterion it cannot map is dropped without a word.
            *fields({
                "course": course_id, "criteriatype": CRITERIA_ACTIVITY, "module": a.modulename,
                "moduleinstance": a.moduleid, "courseinstanceshortname": None, "enrolperiod": None,
                "timeend": None, "gradepass": None, "role": None, "roleshortname": None,
            }),
            el("course_completion_crit_completions", []),
        ], id=number)
        for number, a in enumerate(required, start=1)
    ]
    # The four rows Moodle's completion form saves: overall and per-type, all « all of them ».
    methods = [
        el("course_completion_aggr_methd", fields({
            "course": course_id, "criteriatype": criteriatype, "method": AGGREGATION_ALL, "value": None,
        }), id=number)
        for number, criteriatype in enumerate((None, CRITERIA_ACTIVITY, CRITERIA_COURSE, CRITERIA_ROLE), start=1)
    ]
    return document(el("course_completion", [*criteria, *methods]))
