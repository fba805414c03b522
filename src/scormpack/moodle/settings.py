"""`[tool.scormpack.course]` (or `[course]` in scormpack.toml): the course shell and the settings of
its activities. The defaults are the settings chosen for scormpack's packages (see README)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Any

# Moodle's own values (mod/scorm/locallib.php and lib.php); the names are ours.
GRADE_METHODS = {"objects": 0, "highest": 1, "average": 2, "sum": 3}
TOC = {"side": 0, "hidden": 1, "popup": 2, "disabled": 3}
NAV = {"disabled": 0, "under": 1, "floating": 2}
DISPLAY = {"current": 0, "popup": 1}
# mod_scorm's completionstatusrequired is a bit field: passed = 2, completed = 4.
COMPLETION_STATUS = {"passed": 2, "completed": 4, "passed-or-completed": 6}
# mod_scorm's skipview: when the activity's own page (Enter / Review, « Start a new attempt ») is skipped.
SKIP_ENTRY_PAGE = {"never": 0, "first": 1, "always": 2}
# Which activities complete the course (moodle/completion.py).
COURSE_COMPLETION = ("lessons", "all", "none")


@dataclass(frozen=True)
class CourseSettings:
    title: str | None = None  # default: the short name
    shortname: str | None = None  # default: the slug of the sources' folder
    summary: str = ""
    start_date: str | None = None  # YYYY-MM-DD (UTC); none: 0, the restore form then proposes its own
    h5p: bool = False  # add the H5P activity of each resource beside its SCORM activity
    max_grade: int = 100
    grade_method: str = "highest"
    attempts: int = 0  # 0: unlimited
    display: str = "current"
    toc: str = "disabled"
    nav: str = "disabled"
    completion_quiz: str = "passed"
    completion_no_quiz: str = "completed"
    # The first launch goes straight into the lesson; later ones show Moodle's page, where a learner
    # whose attempt is over (passed, failed, or every try used) can start a new one.
    skip_entry_page: str = "first"
    # What completes the course: every SCORM activity (the lessons), every activity (H5P twins too),
    # or nothing (no criteria: activity completion only).
    course_completion: str = "lessons"

    @property
    def start_timestamp(self) -> int:
        if not self.start_date:
            return 0
        day = dt.date.fromisoformat(self.start_date)
        return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


COURSE_KEYS = tuple(f.name for f in fields(CourseSettings))
# Moodle's column for a course's short name holds 100 characters.
MAX_SHORTNAME = 100
_SHORTNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Moodle keeps a course's start as seconds since 1970 and reads a negative one as no date; its date
# fields offer years up to 2050 by default, so 2100 leaves room without reaching dates it cannot show.
FIRST_START_DATE = dt.date(1970, 1, 1)
LAST_START_DATE = dt.date(2100, 12, 31)


def _choice(value: Any, options: dict[str, int]) -> str:
    if value not in options:
        raise ValueError(f"must be one of {', '.join(options)}")
    return value


def _integer(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"must be an integer from {low} to {high}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty text")
    return value.strip()


def check_course_value(key: str, value: Any) -> Any:
    """The value converted, or ValueError saying what was expected; KeyError for an unknown key."""
    if key == "title":
        if isinstance(value, str) and len(value.strip()) > 254:
            raise ValueError("must be at most 254 characters (Moodle's limit for a course name)")
        return _text(value)
    if key == "shortname":
        if not isinstance(value, str) or not _SHORTNAME.fullmatch(value):
            raise ValueError("must be ASCII letters, digits, '.', '_' or '-' (it names the .mbz file)")
        if len(value) > MAX_SHORTNAME:
            raise ValueError(f"must be at most {MAX_SHORTNAME} characters (Moodle's limit for a short name)")
        return value
    if key == "summary":
        if not isinstance(value, str):
            raise ValueError("must be a text")
        return value
    if key == "start_date":
        try:
            day = dt.date.fromisoformat(value if isinstance(value, str) else "")
        except ValueError:
            raise ValueError("must be a date written YYYY-MM-DD") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("must be a date written YYYY-MM-DD")
        if not FIRST_START_DATE <= day <= LAST_START_DATE:
            raise ValueError(f"must be from {FIRST_START_DATE} to {LAST_START_DATE} (dates Moodle can hold)")
        return value
    if key == "h5p":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if key == "max_grade":
        return _integer(value, 1, 100)
    if key == "attempts":
        return _integer(value, 0, 99)
    if key == "grade_method":
        return _choice(value, GRADE_METHODS)
    if key == "display":
        return _choice(value, DISPLAY)
    if key == "toc":
        return _choice(value, TOC)
    if key == "nav":
        return _choice(value, NAV)
    if key in ("completion_quiz", "completion_no_quiz"):
        return _choice(value, COMPLETION_STATUS)
    if key == "skip_entry_page":
        return _choice(value, SKIP_ENTRY_PAGE)
    if key == "course_completion":
        return _choice(value, dict.fromkeys(COURSE_COMPLETION, 0))
    raise KeyError(key)


def with_values(settings: CourseSettings, values: dict[str, Any]) -> CourseSettings:
    """`settings` with already checked values (None values are left out)."""
    return replace(settings, **{k: v for k, v in values.items() if v is not None})
