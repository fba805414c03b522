"""The H5P exporter: package layout, h5p.json, content.json, per profile, with and without the mp4."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from support import replace_field, seed_text

from scormpack.config import H5P_PROFILES, Settings
from scormpack.exporters import exporter_for
from scormpack.exporters.h5p import H5PExporter
from scormpack.h5p.profiles import PROFILES
from scormpack.model import Quiz, QuizPair
from scormpack.package import zip_bytes_to
from scormpack.reader import read_resource
from scormpack.validate.h5p import check_h5p_members

MP4 = "https://tube.reseau-canope.fr/download/videos/f87f764b-5b4e-4219-a731-4e74cda01f25-720.mp4"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
QUIZ = Quiz(
    pairs=(
        QuizPair(id="erun", actor="eRUN", role="Forme et accompagne les enseignants d'une circonscription."),
        QuizPair(id="cpd", actor="CPD numérique", role="Anime le réseau des eRUN avec l'IEN."),
        QuizPair(id="ien", actor="IEN chargé de la mission numérique", role="Pilote l'action dans le département."),
        QuizPair(id="dran", actor="DRAN", role="Propose une stratégie **académique** au recteur."),
        QuizPair(id="dsi", actor="DSI", role="Assure le support technique."),
    ),
    origin="file",
)


@pytest.fixture
def seed(seed_path):
    return read_resource(seed_path)


@pytest.fixture
def seed_mp4(write_resource, seed_path):
    # Same file name, so same slug: only the mp4 differs from the seed.
    text = replace_field(seed_text(), "videoDownloadHref", f"videoDownloadHref: {MP4}")
    return read_resource(write_resource(text, name=seed_path.name))


def build(resource, quiz=QUIZ, profile="moodle-4.4+", **settings):
    return H5PExporter(), H5PExporter().files(resource, quiz, settings_for(profile, **settings))


def settings_for(profile="moodle-4.4+", **settings):
    return Settings(formats=("h5p",), h5p_profile=profile, **settings)


def parts(members):
    return json.loads(members["h5p.json"]), json.loads(members["content/content.json"])


def items(content):
    return [item["content"] for item in content["content"]]


def libraries(content):
    return [item["library"] for item in items(content)]


def test_registered_under_its_format_name():
    exporter = exporter_for("h5p")
    assert isinstance(exporter, H5PExporter)
    assert exporter.suffix == ".h5p"


def test_profiles_are_the_settings_choices():
    assert set(PROFILES) == set(H5P_PROFILES)


@pytest.mark.parametrize("profile", H5P_PROFILES)
@pytest.mark.parametrize("with_mp4", [False, True], ids=["no-mp4", "mp4"])
def test_package_passes_its_own_validation(profile, with_mp4, seed, seed_mp4):
    exporter, members = build(seed_mp4 if with_mp4 else seed, profile=profile)
    assert exporter.check(members, "dist/x.h5p", settings_for(profile)) == []
    assert check_h5p_members(members, "dist/x.h5p", profile=profile) == []


@pytest.mark.parametrize("profile", H5P_PROFILES)
def test_h5p_json_rules(profile, seed_mp4):
    meta = parts(build(seed_mp4, profile=profile)[1])[0]
    assert meta["title"] == seed_mp4.title
    assert meta["language"] == "fr"
    assert meta["mainLibrary"] == "H5P.Column"
    assert meta["embedTypes"] == ["iframe"]
    assert meta["license"] == "U"
    versions = PROFILES[profile].versions
    expected = ["H5P.Column", "H5P.AdvancedText", "H5P.Video", "H5P.Accordion", "H5P.DragText"]
    assert [d["machineName"] for d in meta["preloadedDependencies"]] == expected
    for dep in meta["preloadedDependencies"]:
        assert set(dep) == {"machineName", "majorVersion", "minorVersion"}  # never patchVersion
        assert (dep["majorVersion"], dep["minorVersion"]) == versions[dep["machineName"]]
    column = meta["preloadedDependencies"][0]
    assert (column["majorVersion"], column["minorVersion"]) == ((1, 18) if profile == "moodle-4.4+" else (1, 17))
    # Credits → authors; « Partenariat » has no H5P role and stays only in the credits text.
    assert meta["authors"] == [
        {"name": "Corentine Gasquet", "role": "Author"},
        {"name": "Marie-Caroline Missir", "role": "Editor"},
        {"name": "Réseau Canopé", "role": "Originator"},
    ]


@pytest.mark.parametrize("profile", H5P_PROFILES)
def test_library_strings_match_the_profile(profile, seed_mp4):
    _, content = parts(build(seed_mp4, profile=profile)[1])
    ref = PROFILES[profile].ref
    assert libraries(content) == [
        ref("H5P.AdvancedText"),
        ref("H5P.Video"),
        ref("H5P.Accordion"),
        ref("H5P.DragText"),
        ref("H5P.AdvancedText"),
    ]
    assert items(content)[2]["params"]["panels"][0]["content"]["library"] == ref("H5P.AdvancedText")
    assert all(item["useSeparator"] == "auto" for item in content["content"])


def test_content_is_identical_across_profiles(seed_mp4):
    """Column 1.17 and 1.18 offer the same child versions: only h5p.json differs."""
    a = build(seed_mp4, profile="moodle-4.4+")[1]
    b = build(seed_mp4, profile="magistere")[1]
    assert a["content/content.json"] == b["content/content.json"]
    assert a["h5p.json"] != b["h5p.json"]


def test_no_video_without_mp4(seed):
    meta, content = parts(build(seed)[1])
    assert "H5P.Video 1.6" not in libraries(content)
    assert "H5P.Video" not in [d["machineName"] for d in meta["preloadedDependencies"]]
    # The link to the video page is there all the same.
    assert seed.video_page_url in items(content)[0]["params"]["text"]


def test_video_streams_the_mp4(seed_mp4):
    _, content = parts(build(seed_mp4)[1])
    video = items(content)[1]["params"]
    assert video["sources"] == [{"path": MP4, "mime": "video/mp4", "copyright": {"license": "U"}}]
    assert video["l10n"]["name"] == "Vidéo"
    assert video["a11y"] == []


def test_drag_text_has_one_line_per_pair(seed):
    _, content = parts(build(seed)[1])
    drag = items(content)[2]["params"]
    lines = drag["textField"].split("\n")
    assert len(lines) == len(QUIZ.pairs)
    for line, pair in zip(lines, QUIZ.pairs, strict=True):
        assert line.endswith(f": *{pair.actor}*")
        assert line.count("*") == 2
    assert "**" not in drag["textField"]  # markdown of the role is gone
    assert drag["behaviour"]["enableRetry"] is True
    assert drag["overallFeedback"][0]["from"] == 0 and drag["overallFeedback"][-1]["to"] == 100


def test_actor_labels_are_cleaned_for_the_drag_text_syntax(seed):
    quiz = Quiz(
        pairs=(
            QuizPair(id="a", actor="DSI : *support*", role="Rôle *un* <b>gras</b>"),
            QuizPair(id="b", actor="R&D", role="Rôle deux"),
            QuizPair(id="c", actor="***", role="Rôle trois"),
        )
    )
    exporter, members = build(seed, quiz)
    assert exporter.check(members, "x.h5p", settings_for()) == []
    text = items(parts(members)[1])[2]["params"]["textField"]
    answers = re.findall(r"\*([^*]*)\*", text)
    assert answers == ["DSI - support", "R et D", "c"]  # an empty label falls back to the pair id
    assert not re.search(r"[<>&]", text)


@pytest.mark.parametrize("quiz", [None, Quiz(pairs=QUIZ.pairs[:2])], ids=["no-quiz", "two-pairs"])
def test_no_drag_text_without_a_playable_quiz(quiz, seed):
    exporter, members = build(seed, quiz)
    meta, content = parts(members)
    assert "H5P.DragText 1.10" not in libraries(content)
    assert "H5P.DragText" not in [d["machineName"] for d in meta["preloadedDependencies"]]
    assert exporter.check(members, "x.h5p", settings_for()) == []


def _ids(content):
    found = []

    def walk(value):
        if isinstance(value, dict):
            if "subContentId" in value:
                found.append(value["subContentId"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(content)
    return found


def test_sub_content_ids_are_stable_unique_uuids(seed, seed_mp4):
    first = _ids(parts(build(seed)[1])[1])
    assert first == _ids(parts(build(seed)[1])[1])
    assert len(first) == len(set(first)) == 6
    assert all(UUID.match(i) for i in first)
    # Keyed on purpose, not position: adding the video leaves the other ids unchanged.
    assert set(first) < set(_ids(parts(build(seed_mp4)[1])[1]))


def test_html_fields_keep_only_their_tags(write_resource):
    text = seed_text().replace(
        "Pourtant, tous poursuivent", "Pourtant, ~~jamais~~ <script>alert(1)</script> tous poursuivent"
    )
    resource = read_resource(write_resource(text))
    exporter, members = build(resource)
    assert exporter.check(members, "x.h5p", settings_for()) == []
    transcript = items(parts(members)[1])[1]["params"]["panels"][0]["content"]["params"]["text"]
    assert "<del>jamais</del>" in transcript  # AdvancedText allows del, not s
    assert "<script" not in transcript


def test_markup_in_the_source_never_reaches_plain_text(write_resource):
    text = replace_field(seed_text(), "title", "title: Les <b>acteurs</b> & leurs rôles")
    text = text.replace("**Scénario** : Corentine Gasquet", "**Scénario** : Corentine <i>Gasquet</i> & Co")
    resource = read_resource(write_resource(text))
    exporter, members = build(resource)
    assert exporter.check(members, "x.h5p", settings_for()) == []
    meta = json.loads(members["h5p.json"])
    assert not re.search(r"[<>&]", meta["title"])
    assert all(not re.search(r"[<>&]", a["name"]) for a in meta["authors"])


def test_long_titles_fit_the_core_byte_limit(write_resource):
    resource = read_resource(write_resource(replace_field(seed_text(), "title", "title: " + "é" * 200)))
    exporter, members = build(resource)
    title = json.loads(members["h5p.json"])["title"]
    assert len(title.encode("utf-8")) <= 255 and title.endswith("…")
    assert exporter.check(members, "x.h5p", settings_for()) == []


def test_zip_layout_and_byte_identical_rebuild(tmp_path: Path, seed_mp4):
    first, second = tmp_path / "a" / "x.h5p", tmp_path / "b" / "x.h5p"
    zip_bytes_to(first, build(seed_mp4)[1])
    zip_bytes_to(second, build(seed_mp4)[1])
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["h5p.json", "content/content.json"]
        assert not any(i.is_dir() for i in infos)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        members = {i.filename: archive.read(i) for i in infos}
    assert check_h5p_members(members, str(first)) == []


def test_language_setting_reaches_h5p_json(seed):
    # Not the default: a hard-coded "fr" must not pass.
    _, members = build(seed, language="en")
    meta = json.loads(members["h5p.json"])
    assert (meta["language"], meta["defaultLanguage"]) == ("en", "en")
    settings = replace(Settings(), formats=("h5p",))
    assert "h5p" in settings.formats


def test_build_all_formats_writes_a_zip_and_an_h5p(tmp_path: Path, seed_path):
    """The issue's end-to-end case: `scormpack build --format all seeds/`."""
    from scormpack.build import build_one

    settings = Settings(formats=("scorm12", "h5p"), output_dir=tmp_path)
    result = build_one(seed_path, settings)
    assert result.ok, result.error
    assert [p.suffix for p in result.outputs] == [".zip", ".h5p"]
    h5p = result.outputs[1]
    with zipfile.ZipFile(h5p) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    assert check_h5p_members(members, str(h5p), profile=settings.h5p_profile) == []
