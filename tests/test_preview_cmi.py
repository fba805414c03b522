"""The preview's SCORM 1.2 data model answers as Moodle's player does (mod/scorm/datamodels/scorm_12.js,
as read in ../shared/docs/moodle.md): same error codes, and a message saying why Moodle refuses."""

from __future__ import annotations

import pytest

from scormpack.preview import cmi
from scormpack.preview.attempts import AttemptStore


def started(mastery: str = "80") -> cmi.Session:
    session = cmi.Session(values=cmi.new_values(), launch=cmi.Launch(mastery_score=mastery))
    assert cmi.dispatch(session, "LMSInitialize") == ("true", "0")
    return session


def test_set_before_initialize_is_refused_with_301():
    session = cmi.Session(values=cmi.new_values())
    assert cmi.dispatch(session, "LMSSetValue", "cmi.core.lesson_status", "incomplete") == ("false", "301")
    assert "before LMSInitialize" in session.calls[-1].flag
    assert session.values["cmi.core.lesson_status"] == "not attempted"


def test_life_cycle_errors():
    session = started()
    assert cmi.dispatch(session, "LMSInitialize") == ("false", "101")
    assert cmi.dispatch(session, "LMSCommit", "x") == ("false", "201")
    assert cmi.dispatch(session, "LMSFinish") == ("true", "0")
    assert cmi.dispatch(session, "LMSGetValue", "cmi.core.lesson_status") == ("", "301")
    assert "after LMSFinish" in session.calls[-1].flag


@pytest.mark.parametrize(
    ("element", "value", "code", "words"),
    [
        # CMIDecimal: Moodle's pattern allows 3 integer digits; the range check then refuses 1000.
        ("cmi.core.score.raw", "1000", "405", "more than 3 integer digits"),
        ("cmi.core.score.raw", "1000.5", "405", "not a CMIDecimal"),
        ("cmi.core.score.raw", "72,5", "405", "out of range"),
        ("cmi.core.score.raw", "101", "405", "out of range"),
        ("cmi.interactions.0.weighting", "-101", "405", "out of range"),
        # CMITimespan: a 1-digit hour, or 3 decimals, is not parsed by Moodle.
        ("cmi.core.session_time", "0:05:00", "405", "CMITimespan"),
        ("cmi.core.session_time", "00:00:01.123", "405", "CMITimespan"),
        ("cmi.interactions.0.time", "24:61:00", "405", "CMITime"),
        ("cmi.core.lesson_status", "not attempted", "405", "one of passed"),
        ("cmi.core.exit", "quit", "405", "time-out"),
        ("cmi.interactions.0.type", "match", "405", "matching"),
        ("cmi.interactions.0.id", "a b", "405", "CMIIdentifier"),
        ("cmi.suspend_data", "x" * 4097, "405", "4096"),
        # A character beyond U+FFFF counts twice, as in JavaScript: 128 of them exceed 255.
        ("cmi.core.lesson_location", "😀" * 128, "405", "255"),
        ("cmi.core.student_id", "x", "403", "read-only"),
        ("cmi.interactions._count", "2", "402", "keyword"),
        ("cmi.core.nonsense", "x", "201", "not a SCORM 1.2 element"),
        ("cmi.interactions.1.id", "q1", "201", "beyond cmi.interactions._count = 0"),
    ],
)
def test_what_moodle_refuses(element, value, code, words):
    session = started()
    before = dict(session.values)
    assert cmi.dispatch(session, "LMSSetValue", element, value) == ("false", code)
    assert words in session.calls[-1].flag
    assert session.values == before


@pytest.mark.parametrize(
    ("element", "value", "warned"),
    [
        ("cmi.core.score.raw", "72.5", False),
        ("cmi.core.score.raw", "100", False),
        ("cmi.core.session_time", "0000:05:00.00", False),
        ("cmi.core.session_time", "00:05:00", False),
        ("cmi.interactions.0.id", "cpd-numerique", False),
        ("cmi.core.lesson_location", "😀" * 127, False),
        # Accepted by Moodle's loose dot only: the preview warns, as another LMS may refuse it.
        ("cmi.core.score.raw", "1e2", True),
        ("cmi.core.session_time", "00:00:01,5", True),
    ],
)
def test_what_moodle_accepts(element, value, warned):
    session = started()
    assert cmi.dispatch(session, "LMSSetValue", element, value) == ("true", "0")
    assert session.values[element] == value
    assert bool(session.calls[-1].flag) == warned


def test_gets_write_only_children_and_counts():
    session = started()
    for index in range(2):
        assert cmi.dispatch(session, "LMSSetValue", f"cmi.interactions.{index}.id", f"q{index}")[0] == "true"
    assert cmi.dispatch(session, "LMSSetValue", "cmi.interactions.1.correct_responses.0.pattern", "1.a")[0] == "true"
    assert cmi.dispatch(session, "LMSGetValue", "cmi.interactions._count") == ("2", "0")
    assert cmi.dispatch(session, "LMSGetValue", "cmi.interactions.1.correct_responses._count") == ("1", "0")
    assert cmi.dispatch(session, "LMSGetValue", "cmi.interactions.0.id") == ("", "404")
    assert cmi.dispatch(session, "LMSGetValue", "cmi.core.session_time") == ("", "404")
    assert cmi.dispatch(session, "LMSGetValue", "cmi.core.score._children") == ("raw,min,max", "0")
    assert cmi.dispatch(session, "LMSGetValue", "cmi._version") == ("3.4", "0")
    assert cmi.dispatch(session, "LMSGetValue", "cmi.student_data.mastery_score") == ("80", "0")
    assert cmi.dispatch(session, "LMSGetValue", "cmi.core.entry") == ("ab-initio", "0")


def test_finish_applies_mastery_override_and_adds_the_session_time():
    session = started(mastery="80")
    cmi.dispatch(session, "LMSSetValue", "cmi.core.lesson_status", "completed")
    cmi.dispatch(session, "LMSSetValue", "cmi.core.score.raw", "60")
    cmi.dispatch(session, "LMSSetValue", "cmi.core.session_time", "00:01:30.50")
    assert cmi.dispatch(session, "LMSFinish") == ("true", "0")
    assert session.values["cmi.core.lesson_status"] == "failed"
    assert session.values["cmi.core.total_time"] == "0000:01:30.50"

    untouched = started(mastery="")
    cmi.dispatch(untouched, "LMSFinish")
    assert untouched.values["cmi.core.lesson_status"] == "completed"


def test_comments_are_appended():
    session = started()
    cmi.dispatch(session, "LMSSetValue", "cmi.comments", "a")
    cmi.dispatch(session, "LMSSetValue", "cmi.comments", "b")
    assert cmi.dispatch(session, "LMSGetValue", "cmi.comments") == ("ab", "0")


def test_attempts_resume_after_a_restart(tmp_path):
    path = tmp_path / "attempts.json"
    store = AttemptStore(path)
    launch = cmi.Launch(mastery_score="80")
    number = store.launch("r", launch, new=False)
    assert number == 1
    for method, element, value in [
        ("LMSInitialize", "", ""),
        ("LMSSetValue", "cmi.suspend_data", '{"n":1}'),
        ("LMSSetValue", "cmi.core.exit", "suspend"),
        ("LMSSetValue", "cmi.core.session_time", "00:00:05"),
        ("LMSFinish", "", ""),
    ]:
        assert store.call("r", number, method, element, value)["error"] == "0"
    assert store.call("r", 2, "LMSCommit", "", "") is None  # not the launched attempt

    reopened = AttemptStore(path)
    assert reopened.launch("r", launch, new=False) == 1
    assert reopened.call("r", 1, "LMSInitialize", "", "")["result"] == "true"
    assert reopened.call("r", 1, "LMSGetValue", "cmi.core.entry", "")["result"] == "resume"
    assert reopened.call("r", 1, "LMSGetValue", "cmi.suspend_data", "")["result"] == '{"n":1}'
    assert reopened.call("r", 1, "LMSGetValue", "cmi.core.total_time", "")["result"] == "0000:00:05.00"
    assert reopened.latest("r")["number"] == 1

    assert reopened.launch("r", launch, new=True) == 2
    assert reopened.call("r", 2, "LMSInitialize", "", "")["result"] == "true"
    assert reopened.call("r", 2, "LMSGetValue", "cmi.core.entry", "")["result"] == "ab-initio"
    reopened.clear("r")
    assert AttemptStore(path).attempts("r") == []
