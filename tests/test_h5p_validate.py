"""check_h5p_members: each way a package can be broken is reported with its rule id."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

import pytest
from support import SEED, replace_field, seed_text

from scormpack.config import Settings
from scormpack.exporters.h5p import H5PExporter
from scormpack.model import Quiz, QuizPair
from scormpack.reader import read_resource
from scormpack.validate.h5p import H5P_RULES, RULES, check_h5p_members

MP4 = "https://tube.reseau-canope.fr/download/videos/f87f764b-5b4e-4219-a731-4e74cda01f25-720.mp4"
QUIZ = Quiz(pairs=tuple(QuizPair(id=f"a{i}", actor=f"Acteur {i}", role=f"Rôle {i}") for i in range(4)))
LABEL = "dist/ressource.h5p"


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, bytes]:
    """A valid package with every item: description, video, transcript, quiz, credits."""
    path = tmp_path_factory.mktemp("sources") / SEED.name
    path.write_text(replace_field(seed_text(), "videoDownloadHref", f"videoDownloadHref: {MP4}"), encoding="utf-8")
    return H5PExporter().files(read_resource(path), QUIZ, Settings(formats=("h5p",)))


def rules(findings) -> set[str]:
    return {f.rule for f in findings}


def with_content(good: dict[str, bytes], change: Callable[[dict], None]) -> dict[str, bytes]:
    content = json.loads(good["content/content.json"])
    change(content)
    return {**good, "content/content.json": json.dumps(content, ensure_ascii=False).encode()}


def with_meta(good: dict[str, bytes], change: Callable[[dict], None]) -> dict[str, bytes]:
    meta = json.loads(good["h5p.json"])
    change(meta)
    return {**good, "h5p.json": json.dumps(meta, ensure_ascii=False).encode()}


def params(content: dict, index: int) -> dict:
    return content["content"][index]["content"]["params"]


def test_a_good_package_has_no_findings(good):
    assert check_h5p_members(good, LABEL) == []
    assert check_h5p_members(good, LABEL, profile="moodle-4.4+") == []


# --- content.json against the schemas ------------------------------------------------------------
CONTENT_BREAKS: list[tuple[str, Callable[[dict], None], str, str]] = [
    ("unknown key", lambda c: params(c, 3).update(bogus=1), "H5P-CONTENT-SCHEMA", "/content/3/content/params/bogus"),
    (
        "unknown key in a Column item",
        lambda c: c["content"][0].update(extra=True),
        "H5P-CONTENT-SCHEMA",
        "/content/0/extra",
    ),
    (
        "wrong library string",
        lambda c: c["content"][3]["content"].update(library="H5P.DragText 1.9"),
        "H5P-LIBRARY",
        "/content/3/content/library",
    ),
    (
        "library not offered",
        lambda c: c["content"][2]["content"]["params"]["panels"][0]["content"].update(library="H5P.Video 1.6"),
        "H5P-LIBRARY",
        "/content/2/content/params/panels/0/content/library",
    ),
    (
        "missing required field",
        lambda c: params(c, 3).pop("tipLabel"),
        "H5P-CONTENT-SCHEMA",
        "/content/3/content/params/tipLabel",
    ),
    ("missing select", lambda c: params(c, 2).pop("hTag"), "H5P-CONTENT-SCHEMA", "/content/2/content/params/hTag"),
    (
        "bad select value",
        lambda c: c["content"][0].update(useSeparator="always"),
        "H5P-CONTENT-SCHEMA",
        "/content/0/useSeparator",
    ),
    (
        "markup in plain text",
        lambda c: params(c, 3).update(checkAnswer="<b>Vérifier</b>"),
        "H5P-PLAIN-TEXT-MARKUP",
        "/content/3/content/params/checkAnswer",
    ),
    (
        "entity in plain text",
        lambda c: params(c, 2)["panels"][0].update(title="Vid&eacute;o"),
        "H5P-PLAIN-TEXT-MARKUP",
        "/content/2/content/params/panels/0/title",
    ),
    (
        "tag not allowed",
        lambda c: params(c, 0).update(text="<p>ok</p><img src=x>"),
        "H5P-HTML-TAGS",
        "/content/0/content/params/text",
    ),
    (
        "u in AdvancedText",
        lambda c: params(c, 0).update(text="<u>souligné</u>"),
        "H5P-HTML-TAGS",
        "/content/0/content/params/text",
    ),
    (
        "event handler",
        lambda c: params(c, 0).update(text='<p onclick="x()">a</p>'),
        "H5P-HTML-TAGS",
        "/content/0/content/params/text",
    ),
    (
        "bad subContentId",
        lambda c: c["content"][0]["content"].update(subContentId="item-1"),
        "H5P-CONTENT-SCHEMA",
        "/content/0/content/subContentId",
    ),
    (
        "wrong type",
        lambda c: params(c, 1)["visuals"].update(fit="yes"),
        "H5P-CONTENT-SCHEMA",
        "/content/1/content/params/visuals/fit",
    ),
    (
        "number out of range",
        lambda c: params(c, 3)["overallFeedback"][0].update(to=120),
        "H5P-CONTENT-SCHEMA",
        "/content/3/content/params/overallFeedback/0/to",
    ),
    (
        "patchless video path with a query",
        lambda c: params(c, 1)["sources"][0].update(path=MP4 + "?a=1&b=2"),
        "H5P-CONTENT-SCHEMA",
        "/content/1/content/params/sources/0/path",
    ),
    ("empty column", lambda c: c.update(content=[]), "H5P-CONTENT-SCHEMA", "/content"),
]


@pytest.mark.parametrize(
    ("change", "rule", "where"), [b[1:] for b in CONTENT_BREAKS], ids=[b[0] for b in CONTENT_BREAKS]
)
def test_broken_content_is_reported(good, change, rule, where):
    findings = check_h5p_members(with_content(good, change), LABEL)
    assert rule in rules(findings), findings
    found = [f for f in findings if f.rule == rule]
    assert all(f.is_error and f.member == "content/content.json" for f in found)
    assert where in {f.xpath for f in found}
    assert all(f.fix for f in found)


def test_every_missing_field_and_unknown_key_is_named(good):
    def change(c):
        drag = params(c, 3)
        for key in ("tipLabel", "grabbed", "media"):
            drag.pop(key)
        drag.update(one=1, two=2)

    messages = [f.message for f in check_h5p_members(with_content(good, change), LABEL)]
    for name in ("tipLabel", "grabbed", "media", "one", "two"):
        assert any(repr(name) in m for m in messages), (name, messages)


def test_duplicate_sub_content_ids(good):
    def change(c):
        c["content"][4]["content"]["subContentId"] = c["content"][0]["content"]["subContentId"]

    assert "H5P-SUBCONTENT-ID" in rules(check_h5p_members(with_content(good, change), LABEL))


def test_drag_text_without_a_drop_zone(good):
    findings = check_h5p_members(with_content(good, lambda c: params(c, 3).update(textField="Rien à glisser")), LABEL)
    assert "H5P-DRAGTEXT" in rules(findings)


def test_library_used_but_not_listed(good):
    def change(meta):
        meta["preloadedDependencies"] = [d for d in meta["preloadedDependencies"] if d["machineName"] != "H5P.Video"]

    findings = check_h5p_members(with_meta(good, change), LABEL)
    assert "H5P-DEPENDENCY" in rules(findings)


def test_library_listed_but_not_used(good):
    meta_change = lambda m: m["preloadedDependencies"].append(  # noqa: E731
        {"machineName": "H5P.Image", "majorVersion": 1, "minorVersion": 1}
    )
    findings = check_h5p_members(with_meta(good, meta_change), LABEL)
    assert [(f.rule, f.severity) for f in findings] == [("H5P-DEPENDENCY-UNUSED", "warning")]


# --- h5p.json -----------------------------------------------------------------------------------
META_BREAKS: list[tuple[str, Callable[[dict], None]]] = [
    ("patchVersion", lambda m: m["preloadedDependencies"][0].update(patchVersion=6)),
    ("licence", lambda m: m.update(license="CC-BY")),
    ("language", lambda m: m.update(language="fr_FR")),
    ("embedTypes", lambda m: m.update(embedTypes=["inline"])),
    ("no title", lambda m: m.pop("title")),
    ("main library not listed", lambda m: m.update(mainLibrary="H5P.InteractiveVideo")),
    ("version as text", lambda m: m["preloadedDependencies"][0].update(majorVersion="1")),
    ("author role", lambda m: m["authors"][0].update(role="Réalisateur")),
    ("title too long in bytes", lambda m: m.update(title="é" * 200)),
]


@pytest.mark.parametrize("change", [b[1] for b in META_BREAKS], ids=[b[0] for b in META_BREAKS])
def test_broken_h5p_json_is_reported(good, change):
    findings = check_h5p_members(with_meta(good, change), LABEL)
    assert "H5P-JSON" in rules(findings), findings
    assert all(f.member == "h5p.json" for f in findings if f.rule == "H5P-JSON")


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("h5p.json", b'{"title": ', 1),
        ("content/content.json", b"\xef\xbb\xbf{}", 1),
        ("content/content.json", b"[1, 2]", None),
        ("h5p.json", b"{\n  'title': 1\n}", 2),
    ],
    ids=["truncated", "bom", "not-an-object", "single-quotes"],
)
def test_unreadable_json(good, name, data, line):
    findings = check_h5p_members({**good, name: data}, LABEL)
    found = [f for f in findings if f.rule == "H5P-JSON" and f.member == name]
    assert found and found[0].line == line


def test_profile_mismatch(good):
    findings = check_h5p_members(good, LABEL, profile="magistere")
    assert [(f.rule, f.severity) for f in findings] == [("H5P-PROFILE", "error")]
    assert "H5P.Column 1.18" in findings[0].message


def test_versions_of_no_profile_only_warn(good):
    def change(meta):
        meta["preloadedDependencies"][0]["minorVersion"] = 16

    findings = check_h5p_members(with_meta(good, change), LABEL)
    assert ("H5P-PROFILE-UNKNOWN", "warning") in {(f.rule, f.severity) for f in findings}
    # No schema for Column 1.16: the content is not checked, and the report says so.
    assert "H5P-CONTENT-UNCHECKED" in rules(findings)


# --- the container ------------------------------------------------------------------------------
def test_directory_records(good):
    findings = check_h5p_members({"content/": b"", **good}, LABEL)
    assert [f.rule for f in findings] == ["H5P-ZIP-LAYOUT"]
    assert findings[0].member == "content/"


@pytest.mark.parametrize("missing", ["h5p.json", "content/content.json"])
def test_required_members(good, missing):
    members = {k: v for k, v in good.items() if k != missing}
    assert "H5P-ZIP-LAYOUT" in rules(check_h5p_members(members, LABEL))


def test_paths_are_case_sensitive(good):
    members = {"H5P.json": good["h5p.json"], "content/content.json": good["content/content.json"]}
    findings = [f for f in check_h5p_members(members, LABEL) if f.rule == "H5P-ZIP-LAYOUT"]
    assert findings and "case-sensitive" in findings[0].message


def test_content_file_extensions(good):
    members = {**good, "content/images/a.png": b"x", "content/images/b.svg": b"x", "content/run.exe": b"x"}
    found = {(f.rule, f.member) for f in check_h5p_members(members, LABEL)}
    assert ("H5P-EXTENSION", "content/run.exe") in found
    assert ("H5P-EXTENSION-PLATFORM", "content/images/b.svg") in found
    assert not any(member == "content/images/a.png" for _, member in found)


def test_package_extension(good):
    assert "H5P-EXTENSION" in rules(check_h5p_members(good, "dist/ressource.zip"))
    assert check_h5p_members(good, "dist/unpacked-folder") == []


def test_other_top_level_entries(good):
    members = {
        **good,
        "README.txt": b"x",
        "H5P.Column-1.18/library.json": b"{}",
        ".git/config": b"",
        "content/_notes.txt": b"",
    }
    found = {(f.rule, f.member) for f in check_h5p_members(members, LABEL)}
    assert ("H5P-UNEXPECTED-FILE", "README.txt") in found
    assert ("H5P-LIBRARY-FOLDER", "H5P.Column-1.18/library.json") in found
    assert ("H5P-SKIPPED-PATH", ".git/config") in found
    assert ("H5P-SKIPPED-PATH", "content/_notes.txt") in found
    assert all(f.severity == "warning" for f in check_h5p_members(members, LABEL))


# --- the rule table -----------------------------------------------------------------------------
def test_rule_ids_are_unique_and_findings_use_the_table(good):
    assert len(RULES) == len(H5P_RULES)
    broken = with_content(good, lambda c: params(c, 3).update(bogus=1, checkAnswer="<b>x</b>"))
    broken = {**broken, "content/": b"", "content/x.exe": b""}
    for finding in check_h5p_members(broken, "x.zip"):
        rule = RULES[finding.rule]
        assert finding.severity == rule.severity
        assert finding.fix == rule.fix


def test_broken_variants_do_not_leak_into_the_good_one(good):
    before = copy.deepcopy(good)
    with_content(good, lambda c: c.clear())
    assert good == before


def test_validate_reports_folder_records_in_an_h5p_file(tmp_path):
    import zipfile

    from scormpack.reader import read_resource
    from scormpack.validate import check_path

    members = H5PExporter().files(read_resource(SEED), None, Settings(formats=("h5p",)))
    path = tmp_path / "with-folders.h5p"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content/", b"")
        for name, data in members.items():
            archive.writestr(name, data)
    findings = check_path(path)
    assert [(f.rule, f.member) for f in findings if f.is_error] == [("H5P-ZIP-LAYOUT", "content/")]
