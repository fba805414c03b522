"""The course backup's completion criteria (completion.xml), as Moodle's backup writes them: the
course is complete when every required activity is, by default every SCORM lesson."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_course import Backup, make_catalogue, run

from scormpack.cli import cli
from scormpack.validate import check_path

# backup_course_completion_structure_step's fields, in the order it writes them.
CRITERION_FIELDS = [
    "course", "criteriatype", "module", "moduleinstance", "courseinstanceshortname", "enrolperiod",
    "timeend", "gradepass", "role", "roleshortname", "course_completion_crit_completions",
]
NULL = "$@NULL@$"


def course(tmp_path: Path, setting: str | None, *options: str) -> Backup:
    toml = f'[course]\ncourse_completion = "{setting}"\n' if setting else ""
    catalogue = make_catalogue(tmp_path / "cat", toml)
    result = run("course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "cc",
                 "--start-date", "2026-09-01", *options)
    assert result.exit_code == 0, result.output
    return Backup(tmp_path / "out" / "cc.mbz")


def criteria(backup: Backup) -> list[tuple[str, str]]:
    root = backup.xml("completion.xml")
    return [(c.findtext("module"), c.findtext("moduleinstance")) for c in root.iterfind("course_completion_criteria")]


def modules(backup: Backup, *names: str) -> list[tuple[str, str]]:
    return [(a["modulename"], a["moduleid"]) for a in backup.activities() if a["modulename"] in names]


@pytest.fixture(scope="module")
def with_h5p(tmp_path_factory) -> Backup:
    return course(tmp_path_factory.mktemp("cc"), None, "--h5p")


def test_by_default_every_lesson_and_no_h5p_twin_is_required(with_h5p):
    lessons = modules(with_h5p, "scorm")
    assert len(lessons) == 4 and modules(with_h5p, "h5pactivity")
    assert criteria(with_h5p) == lessons
    for activity in with_h5p.activities():
        if activity["modulename"] == "scorm":
            # A criterion on an activity without completion tracking would never be met.
            assert with_h5p.xml(f"{activity['directory']}/module.xml").findtext("completion") == "2"


def test_criteria_are_written_as_moodles_backup_writes_them(with_h5p):
    root = with_h5p.xml("completion.xml")
    assert [c.tag for c in root] == ["course_completion_criteria"] * 4 + ["course_completion_aggr_methd"] * 4
    for number, criterion in enumerate(root.iterfind("course_completion_criteria"), start=1):
        assert criterion.get("id") == str(number)
        assert [c.tag for c in criterion] == CRITERION_FIELDS
        assert criterion.findtext("criteriatype") == "4"  # COMPLETION_CRITERIA_TYPE_ACTIVITY
        assert criterion.findtext("course") == "1"
        assert all(criterion.findtext(name) == NULL for name in CRITERION_FIELDS[4:10])
        assert len(criterion.find("course_completion_crit_completions")) == 0  # nobody's completions
    # What Moodle's completion form saves: overall, activity, course and role aggregation, all « all ».
    methods = [(m.get("id"), m.findtext("criteriatype"), m.findtext("method"), m.findtext("value"))
               for m in root.iterfind("course_completion_aggr_methd")]
    assert methods == [("1", NULL, "1", NULL), ("2", "4", "1", NULL), ("3", "8", "1", NULL), ("4", "7", "1", NULL)]
    assert root.find("course_completions") is None


def test_all_requires_the_h5p_twins_too(tmp_path):
    backup = course(tmp_path, "all", "--h5p")
    assert criteria(backup) == [(a["modulename"], a["moduleid"]) for a in backup.activities()]
    assert {m for m, _ in criteria(backup)} == {"scorm", "h5pactivity"}


def test_lessons_without_h5p_twins_equals_all(tmp_path):
    lessons = course(tmp_path / "a", "lessons")
    every = course(tmp_path / "b", "all")
    assert lessons.raw == every.raw
    assert criteria(lessons) == modules(lessons, "scorm")


def test_none_writes_no_criteria_as_moodle_does_for_a_course_without_them(tmp_path):
    backup = course(tmp_path, "none", "--h5p")
    assert backup.files["completion.xml"] == b'<?xml version="1.0" encoding="UTF-8"?>\n<course_completion>\n' \
                                             b"</course_completion>\n"
    assert backup.xml("course/course.xml").findtext("enablecompletion") == "1"


@pytest.mark.parametrize("setting", ["lessons", "all", "none"])
def test_the_course_validates_with_each_setting(tmp_path, setting):
    backup = course(tmp_path, setting, "--h5p")
    assert check_path(backup.path) == []


@pytest.mark.parametrize("value", ['"every"', "true", '""'])
def test_a_bad_course_completion_is_one_line_with_its_place(tmp_path, value):
    catalogue = make_catalogue(tmp_path / "cat", f"[course]\nh5p = false\ncourse_completion = {value}\n")
    result = CliRunner().invoke(cli, ["course", str(catalogue), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    expected = f"{catalogue / 'scormpack.toml'}:3: course.course_completion: must be one of lessons, all, none (got "
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_changing_the_setting_rewrites_an_otherwise_unchanged_course(tmp_path):
    catalogue = make_catalogue(tmp_path / "cat")
    args = ("course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "cc", "--start-date", "2026-09-01")
    assert "wrote" in run(*args).output
    assert "unchanged" in run(*args).output
    (catalogue / "scormpack.toml").write_text('[course]\ncourse_completion = "none"\n', encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 0 and "wrote" in result.output, result.output
    assert criteria(Backup(tmp_path / "out" / "cc.mbz")) == []
