"""Edges of the lesson's life in the LMS: a saved state from another build, a page hidden without unloading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scormpack.config import Settings
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.model import Credit, Quiz, QuizPair, Resource
from scormpack.render import quiz_view

pytestmark = pytest.mark.browser

PAIRS = (
    QuizPair("erun", "eRUN", "Forme les enseignants de la circonscription."),
    QuizPair("dsi", "DSI", "Assure le support technique."),
    QuizPair("dran", "DRAN", "Propose la stratégie académique."),
    QuizPair("cpd", "CPD", "Anime le réseau des eRUN."),
)


def _publish(site, name: str) -> Resource:
    resource = Resource(
        source=Path(f"{name}.md"),
        slug=name,
        area="Domaine 1",
        title="Titre",
        description="Description.",
        video_embed_src="https://tube.example.org/videos/embed/0a1b2c3d-0000-4000-8000-000000000000",
        video_download_href=None,
        transcript=("Un paragraphe.",),
        credits=(Credit("Scénario", ("Camille Durand",)),),
    )
    site.publish(name, Scorm12Exporter().files(resource, Quiz(pairs=PAIRS), Settings()))
    return resource


def _open(page, site, name: str, cmi: dict | None = None):
    page.goto(site.lms_url(name, cmi))
    page.frame_locator("#sco").locator("#quiz.quiz-form--ready").wait_for()
    return page.locator("#sco").element_handle().content_frame()


def _finishes(page) -> int:
    return [c["name"] for c in page.evaluate("window.calls")].count("LMSFinish")


def test_a_state_saved_by_another_build_of_the_quiz_is_not_restored(page, site, context):
    resource = _publish(site, "etat")
    view = quiz_view(resource, Quiz(pairs=PAIRS), attempts=3)
    frame = _open(page, site, "etat")
    for item in view.items:
        frame.select_option(f"#choix-{item.id}", value=item.answer)
    frame.click("#valider")
    frame.locator("#resultat .quiz-score").wait_for()
    saved = page.evaluate("JSON.parse(JSON.stringify(window.API.cmi))")["suspend_data"]
    state = json.loads(saved)

    # The same state is restored by the same quiz…
    same = context.new_page()
    frame = _open(same, site, "etat", {"suspend_data": saved, "core": {"entry": "resume"}})
    assert [frame.input_value(f"#choix-{item.id}") for item in view.items] == [item.answer for item in view.items]

    # …a state in the first format (v1, one fingerprint for the whole quiz) is ignored: its answers
    # were positions, which would land on other roles…
    old_format = json.dumps({"v": 1, "k": "autre-quiz", "n": 0, "f": 0, "r": state["r"]})
    older = context.new_page()
    frame = _open(older, site, "etat", {"suspend_data": old_format, "core": {"entry": "resume"}})
    assert [frame.input_value(f"#choix-{item.id}") for item in view.items] == [""] * len(view.items)
    assert frame.inner_text("#essais") == "Essai 1 sur 3"

    # …and one saved by another build of the quiz gives back only what this quiz still has: the
    # answer of a role it keeps, not that of a role it lacks, nor a letter none of its options bears.
    sources = {item.source for item in view.items}
    (gone_role,) = [c for c in "~^#" if c not in sources][:1]
    first, second, third = view.items[:3]
    answers = first.source + first.answer + gone_role + second.answer + third.source + "!"
    foreign = json.dumps({"v": state["v"], "n": 0, "f": 0, "r": answers})
    other = context.new_page()
    frame = _open(other, site, "etat", {"suspend_data": foreign, "core": {"entry": "resume"}})
    restored = [frame.input_value(f"#choix-{item.id}") for item in view.items]
    assert restored == [first.answer] + [""] * (len(view.items) - 1)
    assert frame.inner_text("#essais") == "Essai 1 sur 3"


def test_pagehide_alone_ends_the_session(page, site):
    # A page put in the back-forward cache, or hidden by the LMS, gets pagehide and no unload events.
    _publish(site, "masquee")
    frame = _open(page, site, "masquee")
    assert _finishes(page) == 0
    frame.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))")
    assert _finishes(page) == 1
