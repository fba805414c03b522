"""`scormpack course`: a catalogue as one Moodle course backup (.mbz), read back as Moodle's restore reads it.

The paths and fields checked are those the restore steps of Moodle 4.5 read
(backup/moodle2/restore_stepslib.php, mod/scorm and mod/h5pactivity's restore_*_stepslib.php);
the real restore into a Moodle site is in the branch's note (it needs a site, which CI has not).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from support import ROOT, SEED, SEEDS

from scormpack.cli import cli

FIXTURES = ROOT / "tests" / "fixtures" / "course"
QUIZLESS = "donnees-personnelles-ecole"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def make_catalogue(folder: Path, settings: str = "") -> Path:
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder)
    for source in FIXTURES.glob("*.md"):
        shutil.copy(source, folder)
    if settings:
        (folder / "scormpack.toml").write_text(settings, encoding="utf-8")
    return folder


class Backup:
    """An .mbz opened in memory: its tar entries and their bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw = path.read_bytes()
        with tarfile.open(fileobj=io.BytesIO(self.raw), mode="r:gz") as archive:
            self.infos = archive.getmembers()
            self.files = {i.name: archive.extractfile(i).read() for i in self.infos if i.isfile()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.files[name])

    def activities(self) -> list[dict[str, str]]:
        root = self.xml("moodle_backup.xml")
        return [{c.tag: c.text or "" for c in a} for a in root.iterfind("information/contents/activities/activity")]

    def stored(self) -> list[dict[str, str]]:
        return [{c.tag: c.text or "" for c in f} | {"id": f.get("id")} for f in self.xml("files.xml").iterfind("file")]

    def store_bytes(self, sha1: str) -> bytes:
        return self.files[f"files/{sha1[:2]}/{sha1}"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    catalogue = make_catalogue(tmp_path_factory.mktemp("course") / "catalogue", "mastery_score = 70\n")
    out = catalogue.parent / "dist"
    result = run("course", str(catalogue), "-o", str(out), "--shortname", "parcours-test",
                 "--title", "Parcours d'essai", "--start-date", "2026-09-01", "--h5p")
    assert result.exit_code == 0, result.output
    return catalogue, out, Backup(out / "parcours-test.mbz"), result.output


def scorm_of(backup: Backup, slug: str) -> tuple[dict[str, str], etree._Element]:
    for activity in backup.activities():
        if activity["modulename"] == "scorm":
            root = backup.xml(f"{activity['directory']}/scorm.xml")
            if root.findtext("scorm/reference") == f"{slug}.zip":
                return activity, root
    raise AssertionError(f"no SCORM activity for {slug}")


def test_one_section_per_area_sorted_and_named_one_activity_per_resource(built):
    _, _, backup, output = built
    assert "2 sections, 8 activities, 0 resources left out" in output
    root = backup.xml("moodle_backup.xml")
    sections = [(s.findtext("sectionid"), s.findtext("title"), s.findtext("directory"))
                for s in root.iterfind("information/contents/sections/section")]
    assert [title for _, title, _ in sections] == ["0", "Domaine 1", "Domaine 2"]
    by_section: dict[str, list[str]] = {}
    for activity in backup.activities():
        by_section.setdefault(activity["sectionid"], []).append(activity["modulename"] + ":" + activity["title"])
    titles_2 = {"L'ENT au collège, qui fait quoi ?", "Les données personnelles des élèves"}
    # The H5P twin of an activity is told apart by its name, where the course index shows no icon.
    assert sorted(by_section[sections[2][0]]) == sorted(
        [f"scorm:{t}" for t in titles_2] + [f"h5pactivity:{t} (H5P)" for t in titles_2]
    )
    assert sorted(m.split(":")[0] for m in by_section[sections[2][0]]) == ["h5pactivity"] * 2 + ["scorm"] * 2
    for sectionid, title, directory in sections:
        section = backup.xml(f"{directory}/section.xml")
        assert section.get("id") == sectionid
        assert section.findtext("name") == ("$@NULL@$" if title == "0" else title)
        # The sequence is what the course page shows, in order: the activities moodle_backup lists there.
        sequence = section.findtext("sequence").split(",") if section.findtext("sequence") else []
        listed = [a["moduleid"] for a in backup.activities() if a["sectionid"] == sectionid]
        assert sequence == listed
        for moduleid in sequence:
            module = next(a for a in backup.activities() if a["moduleid"] == moduleid)
            module_xml = backup.xml(f"{module['directory']}/module.xml")
            assert module_xml.findtext("sectionid") == sectionid
            assert module_xml.findtext("modulename") == module["modulename"]


def test_the_shell_has_the_course_and_nothing_about_people(built):
    _, _, backup, _ = built
    course = backup.xml("course/course.xml")
    assert course.findtext("fullname") == "Parcours d'essai"
    assert course.findtext("shortname") == "parcours-test"
    assert course.findtext("format") == "topics"
    assert course.findtext("startdate") == "1788220800"  # 2026-09-01 00:00 UTC
    assert course.findtext("enablecompletion") == "1"
    info = backup.xml("moodle_backup.xml").find("information")
    assert info.findtext("details/detail/type") == "course"
    assert info.findtext("details/detail/format") == "moodle2"
    settings = {s.findtext("name"): s.findtext("value") for s in info.iterfind("settings/setting")
                if s.findtext("level") == "root"}
    for people in ("users", "role_assignments", "logs", "grade_histories", "userscompletion", "comments", "badges"):
        assert settings[people] == "0"
    assert settings["activities"] == "1" and settings["files"] == "1"
    assert backup.xml("users.xml").find("user") is None
    assert backup.xml("course/enrolments.xml").find("enrols/enrol") is None
    for name, data in backup.files.items():
        if name.endswith("grades.xml"):
            assert etree.fromstring(data).find(".//grade_grade") is None
    assert not any(n.endswith("logs.xml") for n in backup.files)


def test_scorm_activity_holds_the_bytes_build_writes(built, tmp_path):
    catalogue, out, backup, _ = built
    result = run("build", str(catalogue), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    stored = backup.stored()
    for source in sorted(catalogue.glob("*.md")):
        activity, root = scorm_of(backup, source.stem)
        contextid = root.get("contextid")
        package = [f for f in stored if f["contextid"] == contextid and f["filearea"] == "package" and f["filename"] != "."]
        assert [f["filename"] for f in package] == [f"{source.stem}.zip"]
        data = backup.store_bytes(package[0]["contenthash"])
        assert data == (tmp_path / f"{source.stem}.zip").read_bytes() == (out / f"{source.stem}.zip").read_bytes()
        assert root.findtext("scorm/sha1hash") == hashlib.sha1(data).hexdigest()
        # The unpacked content is the package's, file for file: it is what learners are served.
        content = {f["filepath"].lstrip("/") + f["filename"]: f["contenthash"] for f in stored
                   if f["contextid"] == contextid and f["filearea"] == "content" and f["filename"] != "."}
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert content == {n: hashlib.sha1(archive.read(n)).hexdigest() for n in archive.namelist()}
        assert root.findtext("scorm/name") == activity["title"]


def test_scorm_settings_chosen_for_our_packages(built):
    catalogue, _, backup, _ = built
    for source in sorted(catalogue.glob("*.md")):
        _, root = scorm_of(backup, source.stem)
        scorm = root.find("scorm")
        values = {c.tag: c.text for c in scorm if len(c) == 0}
        assert values["maxgrade"] == "100"
        assert values["grademethod"] == "1"  # highest grade: a quiz-less lesson reports 100 once viewed
        assert values["maxattempt"] == "0"  # unlimited
        assert values["popup"] == "0"  # current window
        assert values["hidetoc"] == "3" and values["nav"] == "0"  # no table of contents nor navigation
        # Straight into the lesson the first time; later, Moodle's page offers a new attempt.
        assert values["skipview"] == "1"
        assert values["version"] == "SCORM_1.2" and values["scormtype"] == "local"
        quizless = source.stem == QUIZLESS
        assert values["completionstatusrequired"] == ("4" if quizless else "2")  # completed / passed
        assert values["masteryoverride"] == ("0" if quizless else "1")
        scoes = scorm.findall("scoes/sco")
        launchable = [s for s in scoes if s.findtext("launch")]
        assert [s.findtext("launch") for s in launchable] == ["index.html"]
        assert values["launch"] == launchable[0].get("id")
        data = {d.findtext("name"): d.findtext("value") for d in launchable[0].iterfind("sco_datas/sco_data")}
        assert data["masteryscore"] == "70"  # as build set it (mastery_score in scormpack.toml)
        module = backup.xml(f"activities/scorm_{root.get('moduleid')}/module.xml")
        assert module.findtext("completion") == "2"


def test_h5p_activities_hold_the_h5p_package(built):
    _, _, backup, _ = built
    stored = backup.stored()
    h5p = [a for a in backup.activities() if a["modulename"] == "h5pactivity"]
    assert len(h5p) == 4
    for activity in h5p:
        root = backup.xml(f"{activity['directory']}/h5pactivity.xml")
        assert root.findtext("h5pactivity/grade") == "100"
        files = [f for f in stored if f["contextid"] == root.get("contextid") and f["filename"] != "."]
        assert [(f["component"], f["filearea"]) for f in files] == [("mod_h5pactivity", "package")]
        with zipfile.ZipFile(io.BytesIO(backup.store_bytes(files[0]["contenthash"]))) as archive:
            assert sorted(archive.namelist()) == ["content/content.json", "h5p.json"]


def test_files_xml_lists_the_store_by_content_hash_and_inforefs_point_into_it(built):
    _, _, backup, _ = built
    stored = backup.stored()
    ids = {f["id"] for f in stored}
    for record in stored:
        if record["filename"] == ".":
            assert record["contenthash"] == hashlib.sha1(b"").hexdigest()
            continue
        data = backup.store_bytes(record["contenthash"])
        assert hashlib.sha1(data).hexdigest() == record["contenthash"]
        assert int(record["filesize"]) == len(data)
    store = {n for n in backup.files if n.startswith("files/")}
    assert store == {f"files/{r['contenthash'][:2]}/{r['contenthash']}" for r in stored if r["filename"] != "."}
    for activity in backup.activities():
        refs = [i.text for i in backup.xml(f"{activity['directory']}/inforef.xml").iterfind("fileref/file/id")]
        assert refs and set(refs) <= ids


# What each restore step reads (restore_path_element paths), file by file.
RESTORE_PATHS = {
    "moodle_backup.xml": ["/moodle_backup/information/details/detail", "/moodle_backup/information/contents/course",
                          "/moodle_backup/information/settings/setting"],
    "course/course.xml": ["/course", "/course/category"],
    "files.xml": ["/files/file"],
    "gradebook.xml": ["/gradebook/grade_categories/grade_category", "/gradebook/grade_items/grade_item"],
    "roles.xml": ["/roles_definition"],
    "sections/section_2/section.xml": ["/section"],
}
ACTIVITY_PATHS = {
    "module.xml": ["/module"],
    "grades.xml": ["/activity_gradebook/grade_items/grade_item"],
    "scorm.xml": ["/activity/scorm", "/activity/scorm/scoes/sco", "/activity/scorm/scoes/sco/sco_datas/sco_data"],
    "h5pactivity.xml": ["/activity/h5pactivity"],
}


def test_each_xml_has_what_the_restore_steps_read(built):
    _, _, backup, _ = built
    for name, paths in RESTORE_PATHS.items():
        root = backup.xml(name)
        for path in paths:
            assert root.getroottree().xpath(path), f"{name}: {path}"
    for activity in backup.activities():
        for name, paths in ACTIVITY_PATHS.items():
            member = f"{activity['directory']}/{name}"
            if name.endswith(f"{'scorm' if name == 'scorm.xml' else 'h5pactivity'}.xml") and member not in backup.files:
                continue
            root = backup.xml(member)
            for path in paths:
                assert root.getroottree().xpath(path), f"{member}: {path}"
        activity_root = backup.xml(f"{activity['directory']}/{activity['modulename']}.xml")
        assert activity_root.get("moduleid") == activity["moduleid"]
        assert activity_root.get("modulename") == activity["modulename"]


def test_the_archive_is_deterministic_tar_gz(built, tmp_path):
    catalogue, _, backup, _ = built
    assert backup.raw[:2] == b"\x1f\x8b" and backup.raw[4:8] == b"\0\0\0\0"  # gzip, mtime 0
    names = [i.name for i in backup.infos]
    files = [i.name for i in backup.infos if i.isfile()]
    assert files == sorted(files)
    for info in backup.infos:
        assert (info.uid, info.gid, info.uname, info.gname, info.mtime) == (0, 0, "", "", 1356998400)
        if info.isfile():
            parent = info.name.rsplit("/", 1)[0]
            assert "/" not in info.name or names.index(parent) < names.index(info.name)
    again = run("course", str(catalogue), "-o", str(tmp_path), "--shortname", "parcours-test",
                "--title", "Parcours d'essai", "--start-date", "2026-09-01", "--h5p", "--jobs", "1")
    assert again.exit_code == 0, again.output
    assert (tmp_path / "parcours-test.mbz").read_bytes() == backup.raw
    with gzip.open(io.BytesIO(backup.raw)) as stream:
        assert stream.read(512)[257:262] == b"ustar"


def test_a_rerun_with_nothing_changed_leaves_the_course_unchanged(tmp_path):
    catalogue = make_catalogue(tmp_path / "cat")
    first = run("course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "c1")
    assert first.exit_code == 0 and "wrote" in first.output
    target = tmp_path / "out" / "c1.mbz"
    before = target.read_bytes()
    second = run("course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "c1")
    assert second.exit_code == 0 and f"unchanged {target}" in second.output
    assert target.read_bytes() == before
    (catalogue / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace("Domaine 1", "Domaine 3"),
                                       encoding="utf-8")
    third = run("course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "c1")
    assert third.exit_code == 0 and f"wrote {target}" in third.output and "3 sections" in third.output


def test_settings_override_the_defaults(tmp_path):
    catalogue = make_catalogue(tmp_path / "cat", """\
[course]
grade_method = "average"
attempts = 2
display = "popup"
toc = "side"
nav = "floating"
completion_quiz = "passed-or-completed"
skip_entry_page = "always"
title = "Titre réglé"
shortname = "regle"
""")
    result = run("course", str(catalogue), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    backup = Backup(tmp_path / "out" / "regle.mbz")
    assert backup.xml("course/course.xml").findtext("fullname") == "Titre réglé"
    _, root = scorm_of(backup, SEED.stem)
    values = {c.tag: c.text for c in root.find("scorm") if len(c) == 0}
    assert (values["grademethod"], values["maxattempt"], values["popup"], values["hidetoc"], values["nav"]) == (
        "2", "2", "1", "0", "2")
    assert values["completionstatusrequired"] == "6"
    assert values["skipview"] == "2"
    assert not any(a["modulename"] == "h5pactivity" for a in backup.activities())


@pytest.mark.parametrize(("line", "expected"), [
    ('grade_method = "best"', "course.grade_method: must be one of objects, highest, average, sum (got 'best')"),
    ("attempts = -1", "course.attempts: must be an integer from 0 to 99 (got -1)"),
    ('start_date = "1/9/2026"', "course.start_date: must be a date written YYYY-MM-DD (got '1/9/2026')"),
    ('start_date = "9999-12-31"', "course.start_date: must be from 1970-01-01 to 2100-12-31"),
    ("colour = 1", "course.colour: unknown course setting (expected one of"),
])
def test_a_bad_course_setting_is_one_line_with_its_place(tmp_path, line, expected):
    catalogue = make_catalogue(tmp_path / "cat", f"attempts = 3\n\n[course]\nh5p = false\n{line}\n")
    result = CliRunner().invoke(cli, ["course", str(catalogue), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{catalogue / 'scormpack.toml'}:5: {expected}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_bad_resource_is_left_out_and_the_others_make_the_course(tmp_path):
    catalogue = make_catalogue(tmp_path / "cat")
    bad = catalogue / "casse.md"
    bad.write_text(SEED.read_text(encoding="utf-8").replace("area: Domaine 1\n", ""), encoding="utf-8")
    result = run("course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "c2")
    assert result.exit_code == 1
    assert f"error: {bad}" in result.output and "area" in result.output
    assert "4 activities, 1 resources left out" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".mbz") == ["c2.mbz"]
    assert not any(p.name.endswith(".tmp") for p in (tmp_path / "out").iterdir())


def test_seeds_are_the_default_sources(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("course", "-o", str(tmp_path), "--shortname", "seeds-only")
    assert result.exit_code == 0, result.output
    backup = Backup(tmp_path / "seeds-only.mbz")
    assert [a["title"] for a in backup.activities()] == [
        next(SEEDS.glob("*.md")).read_text(encoding="utf-8").split("title: ", 1)[1].split("\n", 1)[0]
    ]


@pytest.mark.parametrize(("option", "expected"), [
    (["--start-date", "2026-13-01"], "Invalid value for --start-date: must be a date written YYYY-MM-DD (got '2026-13-01')"),
    (["--shortname", "mon parcours"], "Invalid value for --shortname: must be ASCII letters, digits"),
    # All letters, yet too long: the message names the limit, not the characters.
    (["--shortname", "a" * 101], "Invalid value for --shortname: must be at most 100 characters"),
    # Moodle keeps dates as seconds since 1970; its forms stop long before year 9999.
    (["--start-date", "1969-12-31"], "Invalid value for --start-date: must be from 1970-01-01 to 2100-12-31"),
    (["--start-date", "0001-01-01"], "Invalid value for --start-date: must be from 1970-01-01 to 2100-12-31"),
    (["--start-date", "2101-01-01"], "Invalid value for --start-date: must be from 1970-01-01 to 2100-12-31"),
])
def test_a_bad_option_is_a_usage_error(tmp_path, option, expected):
    result = CliRunner().invoke(cli, ["course", str(SEEDS), "-o", str(tmp_path), *option])
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_area_longer_than_moodle_keeps_is_cut_with_a_warning(tmp_path):
    # (A title that long never gets here: the manifest's XSD already limits it to 200 characters.)
    catalogue = make_catalogue(tmp_path / "cat")
    long_area = ("Domaine très long " * 20).strip()  # 359 characters
    (catalogue / SEED.name).write_text(
        SEED.read_text(encoding="utf-8").replace("area: Domaine 1", f"area: {long_area}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "c3"])
    assert result.exit_code == 0, result.output
    assert f"warning: {catalogue / SEED.name}:2: area: 359 characters, cut to 255" in result.output
    backup = Backup(tmp_path / "out" / "c3.mbz")
    names = [s.findtext("title") for s in backup.xml("moodle_backup.xml").iterfind("information/contents/sections/section")]
    cut = next(n for n in names if n.startswith("Domaine très long"))
    assert len(cut) == 255 and cut.endswith("…")


def test_a_course_without_a_start_date_is_warned_about(tmp_path):
    catalogue = make_catalogue(tmp_path / "cat")
    undated = run("course", str(catalogue), "-o", str(tmp_path / "a"), "--shortname", "c1")
    assert undated.exit_code == 0
    assert "warning: course: no start date" in undated.output and "1 January 1970" in undated.output
    dated = run("course", str(catalogue), "-o", str(tmp_path / "b"), "--shortname", "c1", "--start-date", "2026-09-01")
    assert dated.exit_code == 0 and "no start date" not in dated.output


@pytest.mark.parametrize("day", ["1970-01-01", "2026-09-01", "2100-12-31"])
def test_start_dates_at_the_ends_of_the_range_are_accepted(day):
    from scormpack.moodle.settings import CourseSettings, check_course_value

    assert check_course_value("start_date", day) == day
    assert CourseSettings(start_date=day).start_timestamp >= 0


def test_a_shortname_of_exactly_100_characters_is_accepted():
    from scormpack.moodle.settings import check_course_value

    assert check_course_value("shortname", "a" * 100) == "a" * 100


def _with_areas(folder: Path, areas: list[str]) -> Path:
    folder.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for i, area in enumerate(areas):
        (folder / f"r{i}.md").write_text(text.replace("area: Domaine 1", f"area: {area}", 1), encoding="utf-8")
    return folder


def _sections(backup: Backup) -> list[tuple[str, str]]:
    """(name, sequence) of each section after section 0, as restore reads section.xml."""
    root = backup.xml("moodle_backup.xml")
    out = []
    for section in list(root.iterfind("information/contents/sections/section"))[1:]:
        xml = backup.xml(f"{section.findtext('directory')}/section.xml")
        out.append((xml.findtext("name"), xml.findtext("sequence")))
    return out


def test_areas_equal_once_normalised_make_one_section(tmp_path):
    import unicodedata

    nfc = "Éducation"
    nfd = unicodedata.normalize("NFD", nfc)
    catalogue = _with_areas(tmp_path / "cat", [nfc, nfd, " Éducation\u00a0 ", "Domaine  1", "Domaine 1"])
    result = run("course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "c4")
    assert result.exit_code == 0, result.output
    assert "2 sections, 5 activities" in result.output
    sections = _sections(Backup(tmp_path / "out" / "c4.mbz"))
    assert [(name, len(sequence.split(","))) for name, sequence in sections] == [("Domaine 1", 2), (nfc, 3)]


def test_areas_cut_to_the_same_name_stay_two_sections_with_distinct_names(tmp_path):
    catalogue = _with_areas(tmp_path / "cat", ["A" * 300 + "x", "A" * 300 + "y"])
    result = run("course", str(catalogue), "-o", str(tmp_path / "out"), "--shortname", "c5")
    assert result.exit_code == 0, result.output
    assert "2 sections, 2 activities" in result.output
    sections = _sections(Backup(tmp_path / "out" / "c5.mbz"))
    names = [name for name, _ in sections]
    assert len(sections) == 2 and len(set(names)) == 2
    assert all(len(name) <= 255 and name.startswith("A" * 200) for name in names)
    assert [sequence for _, sequence in sections] == ["1", "2"]
