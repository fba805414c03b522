"""Saving a quiz edited in the preview: the text of `quiz --write`, read back by `build`'s own reader
before the file is replaced; and the preview's catalogue builds apart from dist/."""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from support import SEED

from scormpack.config import DEFAULT_MIN_CONFIDENCE
from scormpack.model import Evidence, LeftOut
from scormpack.preview.catalogue import Catalogue
from scormpack.preview.review import InvalidQuiz, edited_quiz, save_quiz
from scormpack.quiz import derive_quiz, quiz_path, quiz_yaml, read_quiz_file
from scormpack.reader import read_resource

CANDIDATE = LeftOut(
    "IEN de circonscription", "Inspecte les écoles.", "confidence 0.40 is under the threshold 0.5", 0.4,
    (Evidence(12, "L'IEN de circonscription inspecte les écoles."),),
)


@pytest.fixture
def source(tmp_path):
    copy = tmp_path / SEED.name
    shutil.copy(SEED, copy)
    return copy


def derived(source):
    resource = read_resource(source)
    quiz = derive_quiz(resource, DEFAULT_MIN_CONFIDENCE)
    return resource, quiz, {p.id: p for p in quiz.pairs}


def test_unchanged_pairs_write_what_quiz_write_writes(source):
    resource, quiz, by_id = derived(source)
    body = {"pairs": [{"id": p.id, "actor": p.actor, "role": p.role} for p in quiz.pairs]}
    text, warnings = save_quiz(resource, edited_quiz(body, by_id, list(quiz.left_out)))
    assert text == quiz_yaml(resource, quiz) == quiz_path(source).read_text(encoding="utf-8")
    assert warnings == []


def test_added_and_accepted_pairs_get_the_readers_ids_and_keep_evidence(source):
    resource, quiz, by_id = derived(source)
    body = {
        "pairs": [{"id": p.id, "actor": p.actor, "role": p.role} for p in quiz.pairs[:2]]
        + [{"actor": CANDIDATE.actor, "role": CANDIDATE.role}, {"id": "", "actor": "La mairie", "role": "Équipe les écoles."}]
    }
    edited = edited_quiz(body, by_id, [CANDIDATE])
    text, _ = save_quiz(resource, edited)
    assert "  # line 12: L'IEN de circonscription inspecte les écoles." in text
    assert "left out:" not in text  # the accepted candidate is no longer listed as left out
    reread = read_quiz_file(quiz_path(source))
    assert [p.id for p in reread.pairs] == [quiz.pairs[0].id, quiz.pairs[1].id, "ien-de-circonscription", "la-mairie"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"actor": " "}, "pairs[2].actor", "must be a non-empty text"),
        ({"role": ""}, "pairs[2].role", "must be a non-empty text"),
        ({"id": "Pas Un Id"}, "pairs[2].id", "must be lower-case ASCII letters"),
    ],
)
def test_a_bad_edit_is_refused_in_builds_words_and_nothing_is_written(source, change, field, words):
    resource, quiz, by_id = derived(source)
    pairs = [{"id": p.id, "actor": p.actor, "role": p.role} for p in quiz.pairs]
    pairs[1] |= change
    with pytest.raises(InvalidQuiz) as refused:
        save_quiz(resource, edited_quiz({"pairs": pairs}, by_id, []))
    (problem,) = refused.value.problems
    assert problem.field == field
    assert problem.message.startswith(f"{quiz_path(source)}:")
    assert f": {field}: {words}" in problem.message
    assert not quiz_path(source).exists()
    assert [p.name for p in source.parent.iterdir()] == [source.name]  # no temporary file left


def test_same_actor_twice_is_refused(source):
    resource, quiz, by_id = derived(source)
    pairs = [{"id": p.id, "actor": p.actor, "role": p.role} for p in quiz.pairs]
    pairs[2]["actor"] = pairs[0]["actor"]
    with pytest.raises(InvalidQuiz) as refused:
        save_quiz(resource, edited_quiz({"pairs": pairs}, by_id, []))
    assert "pairs[3].actor: same actor as line" in refused.value.problems[0].message


def test_a_body_that_is_not_a_list_of_pairs_is_refused(source):
    with pytest.raises(InvalidQuiz) as refused:
        edited_quiz({"pairs": "x"}, {}, [])
    assert refused.value.problems[0].field == "pairs"


@pytest.mark.parametrize("fmt", ["scorm12", "h5p"])
def test_the_catalogue_builds_in_its_own_folder_never_dist(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    sources = tmp_path / "ressources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    (sources / "vide.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    catalogue = Catalogue((sources,), fmt)
    changed = catalogue.rebuild()
    assert sorted(changed) == sorted([SEED.stem, "vide"])
    entry = catalogue.get(SEED.stem)
    suffix = ".zip" if fmt == "scorm12" else ".h5p"
    assert entry.package == tmp_path / ".scormpack-preview" / fmt / f"{SEED.stem}{suffix}"
    assert entry.package.is_file()
    assert entry.summary()["quiz"]["pairs"] >= 3
    broken = catalogue.get("vide").summary()
    assert broken["status"] == "error" and broken["error"].startswith(f"error: {sources / 'vide.md'}:")
    assert not (tmp_path / "dist").exists()
    # Nothing changed: the incremental state skips every package, and no page needs a reload.
    assert catalogue.rebuild() == []
    resource = catalogue.resource(entry)
    quiz_path(sources / SEED.name).write_text(quiz_yaml(resource, derive_quiz(resource)), encoding="utf-8")
    assert catalogue.rebuild() == [SEED.stem]
    assert catalogue.get(SEED.stem).summary()["quiz"]["reviewed_file"] is True


def test_a_restart_on_an_unchanged_catalogue_reads_no_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sources = tmp_path / "ressources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    first = Catalogue((sources,), "scorm12")
    first.rebuild()
    expected = first.get(SEED.stem)

    def unread(*_args, **_kwargs):
        raise AssertionError("the source was read again")

    monkeypatch.setattr("scormpack.reader.read_resource", unread)
    again = Catalogue((sources,), "scorm12")
    again.rebuild()
    entry = again.get(SEED.stem)
    assert entry.summary() == expected.summary()
    assert entry.report == expected.report
    assert entry.derived_pairs() == expected.derived_pairs()


@pytest.mark.parametrize(("existing", "expected"), [(None, 0o644), (0o664, 0o664), (0o640, 0o640)])
def test_a_saved_quiz_has_the_mode_a_plain_write_gives(source, existing, expected):
    # finding 5: saved through a private temporary file, the review became unreadable by the team
    resource, quiz, by_id = derived(source)
    target = quiz_path(source)
    if existing is not None:
        target.write_text("pairs: []\n", encoding="utf-8")
        target.chmod(existing)
    previous = os.umask(0o022)
    try:
        body = {"pairs": [{"id": p.id, "actor": p.actor, "role": p.role} for p in quiz.pairs]}
        save_quiz(resource, edited_quiz(body, by_id, list(quiz.left_out)))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == expected
    assert sorted(p.name for p in source.parent.iterdir()) == sorted([source.name, target.name])
