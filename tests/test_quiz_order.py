"""The quiz as the learner meets it: actors never listed in the roles' order, never more than the letters."""

from __future__ import annotations

import itertools
import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from lxml import html as lxml_html

from scormpack import derive
from scormpack.cli import cli
from scormpack.model import MAX_PAIRS, Credit, Quiz, QuizPair, Resource
from scormpack.render import lesson_html, quiz_view


def _resource(slug: str) -> Resource:
    return Resource(
        source=Path(f"{slug}.md"),
        slug=slug,
        area="Domaine 1",
        title="Titre",
        description="Description.",
        video_embed_src="https://tube.reseau-canope.fr/videos/embed/0a1b2c3d-0000-4000-8000-000000000000",
        video_download_href=None,
        transcript=("Un paragraphe.",),
        credits=(Credit("Scénario", ("Camille Durand",)),),
    )


def _quiz(size: int) -> Quiz:
    return Quiz(pairs=tuple(QuizPair(f"p{i}", f"Acteur {i}", f"Rôle numéro {i}.") for i in range(size)))


def _lists_answers_in_role_order(page: str) -> bool:
    """Whether the n-th option of every select is the answer to the n-th role (the answers given away)."""
    tree = lxml_html.fromstring(page)
    roles = [label.text_content() for label in tree.xpath("//label[@class='quiz-role']")]
    options = [o.text_content() for o in tree.xpath("//select[1]/option[@value != '']")]
    return [role.replace("Rôle numéro", "Acteur").rstrip(".") for role in roles] == options


def test_actors_are_never_listed_in_the_roles_order():
    # One three-pair quiz in six would put the actors in the roles' order by chance: 600 packages
    # (slugs) make it certain that such shuffles occur, and each must be undone.
    for size, index in itertools.product((2, 3, 4), range(200)):
        resource, quiz = _resource(f"ressource-{index}"), _quiz(size)
        view = quiz_view(resource, quiz, attempts=3)
        assert [item.answer for item in view.items] != [option.target for option in view.options], (size, index)
        if size == 3 and index < 40:  # the page itself, for some of them
            page = lesson_html(resource, quiz, runtime_script="scorm12.js", mastery_score=80, attempts=3)
            assert not _lists_answers_in_role_order(page), index


def test_the_right_actor_is_not_at_a_fixed_distance_from_its_role():
    # Shuffling actors and roles alike (then undoing the coincidence) would put every answer one
    # option further than its role: a pattern a learner finds after one quiz.
    rotations = 0
    for index in range(200):
        view = quiz_view(_resource(f"ressource-{index}"), _quiz(4), attempts=3)
        rank_of = {option.target: rank for rank, option in enumerate(view.options)}
        shifts = {(rank_of[item.answer] - rank) % 4 for rank, item in enumerate(view.items)}
        rotations += len(shifts) == 1
    # By chance 4 of the 24 orders are rotations of the roles' order: about 1 quiz in 6.
    assert rotations < 200 // 3, rotations


def test_the_page_carries_the_settings_it_was_built_with():
    page = lesson_html(_resource("ressource"), _quiz(3), runtime_script="scorm12.js", mastery_score=65, attempts=2)
    tree = lxml_html.fromstring(page)
    (data,) = tree.xpath("//script[@id='quiz-data']/text()")
    assert (json.loads(data)["masteryScore"], json.loads(data)["attempts"]) == (65, 2)
    assert tree.xpath("//form[@id='quiz']/@data-attempts") == ["2"]


def test_each_role_has_exactly_one_right_actor():
    view = quiz_view(_resource("ressource"), _quiz(5), attempts=3)
    assert sorted(item.answer for item in view.items) == sorted(option.target for option in view.options)
    assert len({item.answer for item in view.items}) == 5
    assert len({item.source for item in view.items}) == 5


def _crowded_transcript(count: int) -> str:
    """`count` actors, each presented by its acronym and given its own role."""
    acronyms = ["".join(letters) for letters in itertools.product("BCDFGH", "LMNPRT", "ADEIOU")][:count]
    nouns = ("chargé", "responsable", "délégué", "conseiller", "coordonnateur")
    return "\n\n".join(
        f"Le {acronym}, c'est le {nouns[i % 5]} numéro {i + 1} de l'académie. "
        f"Il organise les réunions du bassin {i + 1} chaque mois."
        for i, acronym in enumerate(acronyms)
    )


def test_more_actors_than_letters_keeps_the_first_36(tmp_path):
    source = tmp_path / "sources" / "foule.md"
    source.parent.mkdir()
    source.write_text(
        "---\narea: Domaine 1\ntitle: Une foule d'acteurs\ndescription: Beaucoup d'acteurs.\n"
        "videoEmbedSrc: https://tube.reseau-canope.fr/videos/embed/f87f764b-5b4e-4219-a731-4e74cda01f25\n---\n\n"
        f"## Transcription\n\n{_crowded_transcript(45)}\n\n## Crédits\n\n- **Scénario** : Camille Durand\n",
        encoding="utf-8",
    )
    # The premise: the transcript really presents more actors than there are letters.
    assert len(derive.extract_pairs(_crowded_transcript(45).split("\n\n"))) > MAX_PAIRS
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"only the first {MAX_PAIRS} are kept" in result.output
    with zipfile.ZipFile(tmp_path / "out" / "foule.zip") as archive:
        tree = lxml_html.fromstring(archive.read("index.html").decode("utf-8"))
    selects = tree.xpath("//select")
    assert len(selects) == MAX_PAIRS
    values = [o.get("value") for o in selects[0].xpath("option[@value != '']")]
    assert len(values) == len(set(values)) == MAX_PAIRS and all(len(v) == 1 for v in values)
