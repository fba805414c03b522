"""Hostile text in every field of a lesson, opened in Chromium under the test LMS: nothing runs, all is shown.

Each payload would set `window.pwned` (or open a dialog) if any path — the template, the quiz data
JSON, the lesson script showing the correct answers — turned it into markup.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scormpack.config import Settings
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.model import Credit, Quiz, QuizPair, Resource
from scormpack.render import quiz_view

pytestmark = pytest.mark.browser


def payload(field: str) -> str:
    return (
        f'{field} <img src=x onerror="window.pwned=1"> </script><script>window.pwned=2</script> '
        f'<svg onload="window.pwned=3"></svg> </title> & "q" \'a\' <!-- {{{{lang}}}}'
    )


HOSTILE = {f: payload(f.upper()) for f in ("title", "area", "description", "transcript", "role", "names", "note")}
ACTOR = payload("ACTOR")
QUIZ_ROLE = payload("QUIZROLE")
PAIRS = (
    QuizPair("hostile", ACTOR, QUIZ_ROLE),
    QuizPair("erun", "eRUN", "Forme les enseignants de la circonscription."),
    QuizPair("dsi", "DSI", "Assure le support technique."),
)


def hostile_resource() -> Resource:
    return Resource(
        source=Path("hostile.md"),
        slug="hostile",
        area=HOSTILE["area"],
        title=HOSTILE["title"],
        description=HOSTILE["description"],
        video_embed_src="https://tube.example.org/videos/embed/0a1b2c3d-0000-4000-8000-000000000000",
        video_download_href=None,
        transcript=("Un paragraphe ordinaire.", HOSTILE["transcript"]),
        credits=(Credit(HOSTILE["role"], (HOSTILE["names"],)),),
        credits_notes=(HOSTILE["note"],),
    )


def test_nothing_from_the_sources_runs_and_everything_is_shown(page, site):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    resource, quiz = hostile_resource(), Quiz(pairs=PAIRS)
    site.publish("hostile", Scorm12Exporter().files(resource, quiz, Settings(attempts=1)))
    page.goto(site.lms_url("hostile"))
    page.frame_locator("#sco").locator("#quiz.quiz-form--ready").wait_for()
    frame = page.locator("#sco").element_handle().content_frame()

    # One attempt, every answer wrong: the lesson script then writes the right actors' labels.
    view = quiz_view(resource, quiz, attempts=1)
    answers = [item.answer for item in view.items]
    for item, wrong in zip(view.items, answers[1:] + answers[:1], strict=True):
        frame.select_option(f"#choix-{item.id}", value=wrong)
    frame.click("#valider")
    frame.locator("#resultat .quiz-score").wait_for()

    assert frame.evaluate("window.pwned") is None and page.evaluate("window.pwned") is None
    assert dialogs == []
    assert frame.evaluate("document.querySelectorAll('img, svg').length") == 0
    # The runtime, the lesson and transcript scripts, the quiz data: none from a source.
    scripts = frame.evaluate("[...document.scripts].map(s => s.getAttribute('src') || s.type)")
    assert scripts == ["assets/scorm12.js", "assets/lesson.js", "assets/transcript.js", "application/json"]

    def shown(selector: str) -> list[str]:
        return frame.eval_on_selector_all(selector, "nodes => nodes.map(n => n.textContent.trim())")

    assert shown("h1") == [HOSTILE["title"]]
    assert frame.evaluate("document.title") == HOSTILE["title"]
    assert shown(".area") == [HOSTILE["area"]]
    assert shown(".description") == [HOSTILE["description"]]
    assert shown(".transcript p")[1] == HOSTILE["transcript"]
    assert shown(".credits dt") == [HOSTILE["role"]]
    assert shown(".credits dd") == [HOSTILE["names"]]
    assert shown(".credits > p") == [HOSTILE["note"]]
    assert QUIZ_ROLE in shown(".quiz-role")
    assert ACTOR in shown(f"#choix-{view.items[0].id} option")
    assert any(ACTOR in text for text in shown(".quiz-feedback"))  # the right answer, as text


def test_state_over_4096_characters_is_never_sent(page, site):
    # The quiz's own state stays far below (see test_thirty_six_pairs_fit_scorm_limits); the runtime
    # still refuses what Moodle's CMIString4096 would, whoever calls it.
    resource = hostile_resource()
    site.publish("state-limit", Scorm12Exporter().files(resource, Quiz(pairs=PAIRS), Settings()))
    page.goto(site.lms_url("state-limit"))
    page.frame_locator("#sco").locator("#quiz.quiz-form--ready").wait_for()
    frame = page.locator("#sco").element_handle().content_frame()
    results = frame.evaluate(
        """() => [ScormpackRuntime.save("x".repeat(4096)), ScormpackRuntime.save("y".repeat(4097))]"""
    )
    assert results == [True, False]
    calls = page.evaluate("window.calls")
    sent = [c["args"][1] for c in calls if c["name"] == "LMSSetValue" and c["args"][0] == "cmi.suspend_data"]
    assert [len(value) for value in sent if value.startswith(("x", "y"))] == [4096]
