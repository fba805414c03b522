"""The SCORM 1.2 data model as Moodle's player applies it (mod/scorm/datamodels/scorm_12.js), in Python.

The preview's LMS answers each API call of the lesson here, so that what Moodle would refuse (a
CMIDecimal with 4 integer digits, a timespan it cannot parse, a value set before LMSInitialize…) gets
the error code Moodle returns and a message saying why. Pure functions over a plain `Session`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

# Moodle's regular expressions as they behave: written `\\.` inside JavaScript strings, their dots
# reach the RegExp as `.`, any character. The preview refuses what Moodle refuses, no more: "1e2"
# passes there (then 100 is in range), "72,5" does not (the range check sees NaN).
_ANY = "[^\n\r\u2028\u2029]"  # a JavaScript `.` without the s flag
DECIMAL = re.compile(rf"-?([0-9]{{0,3}})({_ANY}[0-9]*)?")
RESULT_DECIMAL = re.compile(rf"([0-9]{{0,3}})?({_ANY}[0-9]*)?")
TIMESPAN = re.compile(rf"([0-9]{{2,4}}):([0-9]{{2}}):([0-9]{{2}})({_ANY}[0-9]{{1,2}})?")
TIME = re.compile(rf"([0-2][0-9]):([0-5][0-9]):([0-5][0-9])({_ANY}[0-9]{{1,2}})?")
IDENTIFIER = re.compile(r"[\x21-\x7E]{0,255}")
SINTEGER = re.compile(r"-?([0-9]+)")
# The same patterns with the dot meant literally, as the SCORM 1.2 types are defined: a value that
# only Moodle's loose dot lets through is accepted, with a warning (another LMS may refuse it).
STRICT = {
    "decimal": re.compile(r"-?[0-9]{0,3}(\.[0-9]*)?"),
    "result": re.compile(r"correct|wrong|unanticipated|neutral|[0-9]{0,3}(\.[0-9]*)?"),
    "timespan": re.compile(r"[0-9]{2,4}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,2})?"),
    "time": re.compile(r"[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\.[0-9]{1,2})?"),
}
_JS_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
STATUS = ("passed", "completed", "failed", "incomplete", "browsed")
OBJECTIVE_STATUS = (*STATUS, "not attempted")
EXIT = ("time-out", "suspend", "logout", "")
TYPES = ("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric")
RESULTS = ("correct", "wrong", "unanticipated", "neutral")
# The limits of Moodle's standard mode; some sites relax them to 64000, a package must not count on it.
STRING255 = 255
STRING4096 = 4096

ERRORS = {
    "0": "No error",
    "101": "General exception",
    "201": "Invalid argument error",
    "202": "Element cannot have children",
    "203": "Element not an array - cannot have count",
    "301": "Not initialized",
    "401": "Not implemented error",
    "402": "Invalid set value, element is a keyword",
    "403": "Element is read only",
    "404": "Element is write only",
    "405": "Incorrect data type",
}

METHODS = ("LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit")


@dataclass(frozen=True)
class Rule:
    access: str  # "r", "w" or "rw"
    kind: str  # a key of _CHECKS, or "" for read-only values
    low: float | None = None
    high: float | None = None


# Elements with `n` standing for an array index.
RULES: dict[str, Rule] = {
    "cmi._children": Rule("r", ""),
    "cmi._version": Rule("r", ""),
    "cmi.core._children": Rule("r", ""),
    "cmi.core.student_id": Rule("r", ""),
    "cmi.core.student_name": Rule("r", ""),
    "cmi.core.lesson_location": Rule("rw", "string255"),
    "cmi.core.credit": Rule("r", ""),
    "cmi.core.lesson_status": Rule("rw", "status"),
    "cmi.core.entry": Rule("r", ""),
    "cmi.core.score._children": Rule("r", ""),
    "cmi.core.score.raw": Rule("rw", "decimal", 0, 100),
    "cmi.core.score.max": Rule("rw", "decimal", 0, 100),
    "cmi.core.score.min": Rule("rw", "decimal", 0, 100),
    "cmi.core.total_time": Rule("r", ""),
    "cmi.core.lesson_mode": Rule("r", ""),
    "cmi.core.exit": Rule("w", "exit"),
    "cmi.core.session_time": Rule("w", "timespan"),
    "cmi.suspend_data": Rule("rw", "string4096"),
    "cmi.launch_data": Rule("r", ""),
    "cmi.comments": Rule("rw", "string4096"),
    "cmi.comments_from_lms": Rule("r", ""),
    "cmi.objectives._children": Rule("r", ""),
    "cmi.objectives._count": Rule("r", ""),
    "cmi.objectives.n.id": Rule("rw", "identifier"),
    "cmi.objectives.n.score._children": Rule("r", ""),
    "cmi.objectives.n.score.raw": Rule("rw", "decimal", 0, 100),
    "cmi.objectives.n.score.min": Rule("rw", "decimal", 0, 100),
    "cmi.objectives.n.score.max": Rule("rw", "decimal", 0, 100),
    "cmi.objectives.n.status": Rule("rw", "objective_status"),
    "cmi.student_data._children": Rule("r", ""),
    "cmi.student_data.mastery_score": Rule("r", ""),
    "cmi.student_data.max_time_allowed": Rule("r", ""),
    "cmi.student_data.time_limit_action": Rule("r", ""),
    "cmi.student_preference._children": Rule("r", ""),
    "cmi.student_preference.audio": Rule("rw", "sinteger", -1, 100),
    "cmi.student_preference.language": Rule("rw", "string255"),
    "cmi.student_preference.speed": Rule("rw", "sinteger", -100, 100),
    "cmi.student_preference.text": Rule("rw", "sinteger", -1, 1),
    "cmi.interactions._children": Rule("r", ""),
    "cmi.interactions._count": Rule("r", ""),
    "cmi.interactions.n.id": Rule("w", "identifier"),
    "cmi.interactions.n.objectives._count": Rule("r", ""),
    "cmi.interactions.n.objectives.n.id": Rule("w", "identifier"),
    "cmi.interactions.n.time": Rule("w", "time"),
    "cmi.interactions.n.type": Rule("w", "type"),
    "cmi.interactions.n.correct_responses._count": Rule("r", ""),
    "cmi.interactions.n.correct_responses.n.pattern": Rule("w", "string255"),
    "cmi.interactions.n.weighting": Rule("w", "decimal", -100, 100),
    "cmi.interactions.n.student_response": Rule("w", "string255"),
    "cmi.interactions.n.result": Rule("w", "result"),
    "cmi.interactions.n.latency": Rule("w", "timespan"),
}

CHILDREN = {
    "cmi": "core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions",
    "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,"
    "lesson_mode,exit,session_time",
    "cmi.core.score": "raw,min,max",
    "cmi.objectives": "id,score,status",
    "cmi.objectives.n.score": "raw,min,max",
    "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference": "audio,language,speed,text",
    "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
}

_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


def _expected(kind: str) -> str:
    return {
        "string255": "CMIString255: at most 255 characters",
        "string4096": "CMIString4096: at most 4096 characters",
        "status": f"one of {', '.join(STATUS)}",
        "objective_status": f"one of {', '.join(OBJECTIVE_STATUS)}",
        "exit": "one of time-out, suspend, logout or empty",
        "type": f"one of {', '.join(TYPES)}",
        "result": f"one of {', '.join(RESULTS)} or a CMIDecimal",
        "decimal": "CMIDecimal: at most 3 integer digits, a dot for decimals, e.g. 72.5",
        "sinteger": "CMISInteger: an integer",
        "timespan": "CMITimespan HH[HH]:MM:SS[.SS]: 2 to 4 hour digits, at most 2 decimals, e.g. 00:05:00",
        "time": "CMITime HH:MM:SS[.SS] on a 24 h clock",
        "identifier": "CMIIdentifier: printable ASCII without spaces, at most 255",
    }[kind]


def js_length(value: str) -> int:
    """Length as JavaScript counts it (UTF-16 code units): a character beyond U+FFFF counts twice."""
    return len(value.encode("utf-16-le")) // 2


def js_number(value: str) -> float:
    """`value * 1.0` in JavaScript, for the strings Moodle's patterns let through (NaN otherwise)."""
    text = value.strip(" \t\n\r\v\f\u00a0\ufeff")
    if text == "":
        return 0.0
    if re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
        return float(int(text, 16))
    if _JS_NUMBER.fullmatch(text):
        return float(text)
    return math.nan


def _format_ok(kind: str, value: str) -> bool:
    if kind == "string255":
        return js_length(value) <= STRING255
    if kind == "string4096":
        return js_length(value) <= STRING4096
    if kind == "status":
        return value in STATUS
    if kind == "objective_status":
        return value in OBJECTIVE_STATUS
    if kind == "exit":
        return value in EXIT
    if kind == "type":
        return value in TYPES
    if kind == "result":
        return value in RESULTS or RESULT_DECIMAL.fullmatch(value) is not None
    if kind == "decimal":
        return DECIMAL.fullmatch(value) is not None
    if kind == "sinteger":
        return SINTEGER.fullmatch(value) is not None
    if kind == "timespan":
        return TIMESPAN.fullmatch(value) is not None
    if kind == "time":
        return TIME.fullmatch(value) is not None
    if kind == "identifier":
        return IDENTIFIER.fullmatch(value) is not None
    raise KeyError(kind)


def _in_range(rule: Rule, value: str) -> bool:
    if rule.low is None or rule.high is None:
        return True
    # NaN compares false both ways: Moodle then answers 405, as here.
    return rule.low <= js_number(value) <= rule.high


@dataclass
class Launch:
    """What the LMS hands the SCO at launch (Moodle: scorm_12lib.php get_scorm_default)."""

    student_id: str = "apercu"
    student_name: str = "Aperçu, Relecteur"
    mastery_score: str = ""
    lesson_mode: str = "normal"
    credit: str = "credit"
    launch_data: str = ""
    # Moodle's activity setting, on by default: at LMSFinish a score decides passed or failed.
    mastery_override: bool = True


@dataclass
class Call:
    method: str
    element: str
    value: str
    result: str
    error: str
    # Why Moodle would refuse it, in words (empty when the call succeeded).
    flag: str = ""

    def as_json(self) -> dict:
        return {
            "method": self.method,
            "element": self.element,
            "value": self.value,
            "result": self.result,
            "error": self.error,
            "flag": self.flag,
        }


@dataclass
class Session:
    """One launch of an attempt: the values the LMS keeps, and the state of the API between calls."""

    values: dict[str, str] = field(default_factory=dict)
    launch: Launch = field(default_factory=Launch)
    initialized: bool = False
    finished: bool = False
    last_error: str = "0"
    calls: list[Call] = field(default_factory=list)


def new_values() -> dict[str, str]:
    """The stored values of a new attempt."""
    return {
        "cmi.core.lesson_status": "not attempted",
        "cmi.core.total_time": "0000:00:00.00",
        "cmi.core.exit": "",
        "cmi.core.entry": "ab-initio",
        "cmi.suspend_data": "",
        "cmi.core.lesson_location": "",
    }


def relaunch_values(values: dict[str, str]) -> dict[str, str]:
    """The stored values as the next launch of the same attempt sees them (Moodle: entry is `resume`
    after an exit `suspend`, empty otherwise; session_time is never kept)."""
    kept = {k: v for k, v in values.items() if k != "cmi.core.session_time"}
    kept["cmi.core.entry"] = "resume" if values.get("cmi.core.exit") == "suspend" else ""
    return kept


def _rule_for(element: str) -> tuple[str, Rule | None]:
    generic = _INDEX.sub(".n", element)
    return generic, RULES.get(generic)


def _counts(values: dict[str, str], element_prefix: str) -> int:
    """How many records an array holds: the highest index written plus one."""
    pattern = re.compile(re.escape(element_prefix) + r"\.(\d+)\.")
    indexes = [int(m.group(1)) for key in values if (m := pattern.match(key))]
    return max(indexes) + 1 if indexes else 0


def _read(session: Session, element: str) -> str:
    launch = session.launch
    fixed = {
        "cmi._version": "3.4",
        "cmi.core.student_id": launch.student_id,
        "cmi.core.student_name": launch.student_name,
        "cmi.core.credit": launch.credit,
        "cmi.core.lesson_mode": launch.lesson_mode,
        "cmi.launch_data": launch.launch_data,
        "cmi.student_data.mastery_score": launch.mastery_score,
        "cmi.comments_from_lms": "",
        "cmi.student_data.max_time_allowed": "",
        "cmi.student_data.time_limit_action": "",
    }
    if element in fixed:
        return fixed[element]
    if element.endswith("._children"):
        return CHILDREN.get(_INDEX.sub(".n", element[: -len("._children")]), "")
    if element.endswith("._count"):
        return str(_counts(session.values, element[: -len("._count")]))
    return session.values.get(element, "")


def _answer(session: Session, call: Call) -> str:
    session.last_error = call.error
    session.calls.append(call)
    return call.result


def initialize(session: Session, argument: str = "") -> str:
    if argument != "":
        return _answer(session, Call("LMSInitialize", "", argument, "false", "201", "the argument must be \"\""))
    if session.initialized:
        return _answer(session, Call("LMSInitialize", "", "", "false", "101", "LMSInitialize called twice"))
    session.initialized = True
    return _answer(session, Call("LMSInitialize", "", "", "true", "0"))


def _not_running(session: Session, method: str, element: str, value: str = "") -> Call | None:
    if not session.initialized:
        return Call(method, element, value, "false" if method != "LMSGetValue" else "", "301",
                    f"{method} before LMSInitialize: Moodle refuses it")
    if session.finished:
        return Call(method, element, value, "false" if method != "LMSGetValue" else "", "301",
                    f"{method} after LMSFinish: Moodle refuses it")
    return None


def get_value(session: Session, element: str) -> str:
    refused = _not_running(session, "LMSGetValue", element)
    if refused:
        return _answer(session, refused)
    generic, rule = _rule_for(element)
    if rule is None:
        if element.endswith("._children") and generic[: -len("._children")] in RULES:
            return _answer(session, Call("LMSGetValue", element, "", "", "202", f"{element}: no children"))
        if element.endswith("._count") and generic[: -len("._count")] in RULES:
            return _answer(session, Call("LMSGetValue", element, "", "", "203", f"{element}: not an array"))
        return _answer(session, Call("LMSGetValue", element, "", "", "201", f"{element}: not a SCORM 1.2 element"))
    if rule.access == "w":
        return _answer(session, Call("LMSGetValue", element, "", "", "404", f"{element} is write-only"))
    return _answer(session, Call("LMSGetValue", element, "", _read(session, element), "0"))


def _index_error(session: Session, element: str) -> str:
    """Arrays are journaled: a record is written at index `_count` at most (Moodle: else 201)."""
    for match in _INDEX.finditer(element):
        array = element[: match.start()]
        index = int(match.group(1))
        count = _counts(session.values, array)
        if index > count:
            return f"{element}: index {index} is beyond {array}._count = {count} (records are written in order)"
    return ""


def set_value(session: Session, element: str, value: str) -> str:
    refused = _not_running(session, "LMSSetValue", element, value)
    if refused:
        return _answer(session, refused)
    _generic, rule = _rule_for(element)

    def refuse(code: str, flag: str) -> str:
        return _answer(session, Call("LMSSetValue", element, value, "false", code, flag))

    if rule is None:
        return refuse("201", f"{element}: not a SCORM 1.2 element")
    if element.rsplit(".", 1)[-1] in ("_children", "_count", "_version"):
        return refuse("402", f"{element} is a keyword and cannot be set")
    if rule.access == "r":
        return refuse("403", f"{element} is read-only")
    if not _format_ok(rule.kind, value):
        return refuse("405", f"{element}: {value!r} is not a {_expected(rule.kind)}")
    beyond = _index_error(session, element)
    if beyond:
        return refuse("201", beyond)
    if not _in_range(rule, value):
        if rule.kind == "decimal" and re.match(r"-?[0-9]{4}", value):
            return refuse("405", f"{element}: {value!r} has more than 3 integer digits (CMIDecimal)")
        return refuse("405", f"{element}: {value!r} is out of range ({rule.low:g} to {rule.high:g} in Moodle)")
    warning = ""
    strict = STRICT.get(rule.kind)
    if strict is not None and not strict.fullmatch(value):
        warning = f"warning: {element}: {value!r} passes Moodle's check only; not a {_expected(rule.kind)}"
    if element == "cmi.comments":
        value = session.values.get(element, "") + value
    session.values[element] = value
    return _answer(session, Call("LMSSetValue", element, value, "true", "0", warning))


def commit(session: Session, argument: str = "") -> str:
    refused = _not_running(session, "LMSCommit", "")
    if refused:
        return _answer(session, refused)
    if argument != "":
        return _answer(session, Call("LMSCommit", "", argument, "false", "201", "the argument must be \"\""))
    return _answer(session, Call("LMSCommit", "", "", "true", "0"))


def add_timespans(first: str, second: str) -> str:
    """Sum of two CMITimespans, as Moodle adds session_time to total_time at LMSFinish."""

    def centiseconds(text: str) -> int:
        match = TIMESPAN.fullmatch(text)
        if not match:
            return 0
        hours, minutes, seconds, fraction = match.groups()
        cents = int((fraction[1:] + "0")[:2]) if fraction else 0
        return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 100 + cents

    total = centiseconds(first) + centiseconds(second)
    hours, rest = divmod(total, 360000)
    minutes, rest = divmod(rest, 6000)
    seconds, cents = divmod(rest, 100)
    return f"{min(hours, 9999):04d}:{minutes:02d}:{seconds:02d}.{cents:02d}"


def finish(session: Session, argument: str = "") -> str:
    """LMSFinish as Moodle stores it: `not attempted` becomes `completed`; with a mastery score and a
    raw score, passed or failed is decided by the score (mastery override); session time is added."""
    refused = _not_running(session, "LMSFinish", "")
    if refused:
        return _answer(session, refused)
    if argument != "":
        return _answer(session, Call("LMSFinish", "", argument, "false", "201", "the argument must be \"\""))
    values = session.values
    launch = session.launch
    if values.get("cmi.core.lesson_status", "not attempted") == "not attempted":
        values["cmi.core.lesson_status"] = "completed"
    raw = values.get("cmi.core.score.raw", "")
    if (
        launch.mastery_override
        and launch.lesson_mode == "normal"
        and launch.credit == "credit"
        and launch.mastery_score
        and raw
    ):
        passed = float(raw) >= float(launch.mastery_score)
        values["cmi.core.lesson_status"] = "passed" if passed else "failed"
    if "cmi.core.session_time" in values:
        values["cmi.core.total_time"] = add_timespans(
            values.get("cmi.core.total_time", "0000:00:00.00"), values["cmi.core.session_time"]
        )
    session.finished = True
    return _answer(session, Call("LMSFinish", "", "", "true", "0"))


def dispatch(session: Session, method: str, element: str = "", value: str = "") -> tuple[str, str]:
    """Run one API call; returns (result, error code) as strings, as the API returns them."""
    if method == "LMSInitialize":
        result = initialize(session, element)
    elif method == "LMSFinish":
        result = finish(session, element)
    elif method == "LMSGetValue":
        result = get_value(session, element)
    elif method == "LMSSetValue":
        result = set_value(session, element, value)
    elif method == "LMSCommit":
        result = commit(session, element)
    else:
        raise ValueError(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")
    return result, session.last_error
