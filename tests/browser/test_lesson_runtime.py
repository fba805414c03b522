"""The lesson's quiz in headless Chromium, under a real SCORM 1.2 runtime (scorm-again) as the LMS.

Packages are built by the real exporter, zipped and unzipped; the quizzes are built here from known
pairs so that every expected value (order, single-character sources and targets) is computed in
Python by `render.quiz_view`, independently of the page's script.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from scormpack.build import build_one
from scormpack.config import Settings
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.model import Credit, Quiz, QuizPair, Resource
from scormpack.render import QuizItem, quiz_view

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser

# Moodle's checks (mod/scorm/datamodels/scorm_12.js), with the dots meant literally.
CMI_TIMESPAN = re.compile(r"^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$")
CMI_TIME = re.compile(r"^([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$")
CMI_IDENTIFIER = re.compile(r"^[\x21-\x7E]{1,255}$")
CMI_DECIMAL = re.compile(r"^-?([0-9]{0,3})(\.[0-9]*)?$")
MATCHING = re.compile(r"^[0-9a-z]\.[0-9a-z]$")

PAIRS = (
    QuizPair("erun", "eRUN", "Forme et accompagne les enseignants d'une circonscription."),
    QuizPair("cpd-numerique", "CPD numérique", "Repère et valorise les innovations pédagogiques."),
    QuizPair("ien-numerique", "IEN « mission numérique »", "Pilote l'action au niveau du département."),
    QuizPair("dran", "DRAN", "Propose au recteur une stratégie pour le numérique éducatif."),
    QuizPair("dsi", "DSI", "Assure le support technique & le conseil (applications <nationales>)."),
)
MASTERY = 80


@dataclass(frozen=True)
class Package:
    name: str
    items: tuple[QuizItem, ...]
    labels: dict[str, str]
    attempts: int

    def answers(self, wrong: int = 0) -> dict[str, str]:
        """item id → target; the first `wrong` items get another item's target."""
        chosen = {item.id: item.answer for item in self.items}
        for index in range(wrong):
            item = self.items[index]
            chosen[item.id] = self.items[(index + 1) % len(self.items)].answer
        return chosen


def resource(slug: str, identity: str | None = None) -> Resource:
    return Resource(
        identifier=identity or "",
        source=Path(f"{slug}.md"),
        slug=slug,
        area="Domaine 1",
        title="Les acteurs du numérique éducatif : qui fait quoi ?",
        description="Un test de bout en bout, avec des *accents* et une apostrophe d'usage.",
        video_embed_src="https://tube.example.org/videos/embed/0a1b2c3d-0000-4000-8000-000000000000",
        video_download_href=None,
        transcript=("Premier paragraphe de la transcription.", "Second paragraphe, plus court."),
        credits=(Credit("Scénario", ("Camille Durand",)), Credit("Production", ("Réseau Canopé",))),
        credits_notes=("Ressource produite pour les tests.",),
    )


def make_package(site, name: str, pairs=PAIRS, attempts: int = 3, identity: str | None = None) -> Package:
    settings = Settings(mastery_score=MASTERY, attempts=attempts)
    res = resource(name, identity)
    quiz = Quiz(pairs=tuple(pairs))
    site.publish(name, Scorm12Exporter().files(res, quiz, settings))
    if not quiz.playable:
        return Package(name, (), {}, attempts)
    view = quiz_view(res, quiz, attempts)
    labels = {option.target: str(option.label_html.striptags()) for option in view.options}
    return Package(name, view.items, labels, attempts)


@pytest.fixture(scope="session")
def quiz3(site) -> Package:
    return make_package(site, "quiz3", attempts=3)


@pytest.fixture(scope="session")
def quiz2(site) -> Package:
    return make_package(site, "quiz2", attempts=2)


@pytest.fixture(scope="session")
def no_quiz(site) -> Package:
    return make_package(site, "sans-quiz", pairs=PAIRS[:2])


# ---- helpers -------------------------------------------------------------------------------------


def open_in_lms(page, site, name: str, cmi: dict | None = None, *, quiz: bool = True, **misbehaviour):
    """Launch a published package in the test LMS; returns the lesson's frame once it is ready.
    `misbehaviour`: `ended`, `refuse`, `get_null` of `site.lms_url`."""
    page.goto(site.lms_url(name, cmi, **misbehaviour))
    if quiz:
        page.frame_locator("#sco").locator("#quiz.quiz-form--ready").wait_for()
    elif misbehaviour.get("ended"):
        page.frame_locator("#sco").locator("#non-enregistre").wait_for()
    else:
        page.wait_for_function("window.calls.some(c => c.name === 'LMSCommit')")
    return page.locator("#sco").element_handle().content_frame()


def choose(frame, answers: dict[str, str]) -> None:
    for item_id, target in answers.items():
        frame.select_option(f"#choix-{item_id}", value=target)


def choose_at_once(frame, answers: dict[str, str]) -> None:
    """Like `choose`, in one round trip (for long quizzes)."""
    frame.evaluate(
        """(answers) => {
          for (const [id, target] of Object.entries(answers)) {
            const select = document.getElementById("choix-" + id);
            select.value = target;
            select.dispatchEvent(new Event("change", {bubbles: true}));
          }
        }""",
        answers,
    )


def submit(frame) -> None:
    frame.click("#valider")


def calls(page) -> list[dict]:
    return page.evaluate("window.calls")


def sets(page) -> dict[str, str]:
    """The last value the SCO set for each element."""
    return {c["args"][0]: c["args"][1] for c in calls(page) if c["name"] == "LMSSetValue"}


def lms(page) -> dict:
    """What the LMS holds (write-only elements included)."""
    return page.evaluate("JSON.parse(JSON.stringify(window.API.cmi))")


def records(state: dict) -> list[dict]:
    """The interactions of an LMS state, in index order (scorm-again exports them keyed "0", "1"…)."""
    return [state["interactions"][key] for key in sorted(state["interactions"], key=int)]


def interactions(page) -> list[dict]:
    return records(lms(page))


def assert_no_lms_error(page) -> None:
    bad = [c for c in calls(page) if c["error"] != "0"]
    assert not bad, f"API calls that left an error code: {bad}"
    assert all(c["result"] != "false" for c in calls(page))


def result_text(frame) -> str:
    return frame.inner_text("#resultat")


def focused_id(frame) -> str:
    return frame.evaluate("document.activeElement ? document.activeElement.id : ''")


# ---- tests -------------------------------------------------------------------------------------


def test_all_correct_is_passed_with_one_interaction_per_pair(page, site, quiz3, console):
    before = time.strftime("%H:%M:%S")
    frame = open_in_lms(page, site, quiz3.name)
    # First launch: incomplete, and a later relaunch may resume.
    assert sets(page)["cmi.core.lesson_status"] == "incomplete"
    assert calls(page)[0]["name"] == "LMSInitialize"
    choose(frame, quiz3.answers())
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()

    state = lms(page)
    assert state["core"]["lesson_status"] == "passed"
    score = state["core"]["score"]
    assert (score["raw"], score["min"], score["max"]) == ("100", "0", "100")
    assert state["core"]["exit"] == ""
    recorded = records(state)
    assert len(recorded) == len(quiz3.items)
    for record, item in zip(recorded, quiz3.items, strict=True):
        assert record["id"] == item.id and CMI_IDENTIFIER.match(record["id"])
        assert record["type"] == "matching"
        assert record["student_response"] == f"{item.source}.{item.answer}"
        assert MATCHING.match(record["student_response"])
        assert record["correct_responses"]["0"]["pattern"] == f"{item.source}.{item.answer}"
        assert record["result"] == "correct"
        assert record["weighting"] == "1"
        assert CMI_TIMESPAN.match(record["latency"]), record["latency"]
        assert CMI_TIME.match(record["time"])
        after = time.strftime("%H:%M:%S")
        assert before <= record["time"] <= after or after < before  # (unless midnight passed)
    for element in ("cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"):
        assert CMI_DECIMAL.match(sets(page)[element])
    assert CMI_TIMESPAN.match(sets(page)["cmi.core.session_time"])
    names = [c["name"] for c in calls(page)]
    assert names[-1] == "LMSCommit" and "LMSFinish" not in names
    # Interactions start at the index the LMS gave, read before any of them is written.
    elements = [c["args"][0] if c["args"] else "" for c in calls(page)]
    first_write = next(i for i, e in enumerate(elements) if e.startswith("cmi.interactions.0."))
    assert elements.index("cmi.interactions._count") < first_write
    assert "✓" in frame.inner_text(f"#retour-{quiz3.items[0].id}")
    assert "100" in result_text(frame) and "Réussi" in result_text(frame)
    assert focused_id(frame) == "resultat"
    assert frame.is_hidden("#recommencer") and frame.is_hidden("#valider")
    assert_no_lms_error(page)
    assert console.warnings_and_errors() == []


def test_a_wrong_try_with_tries_left_keeps_the_attempt_open(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name)
    choose(frame, quiz3.answers(wrong=2))
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()

    state = lms(page)
    # "failed" would end the attempt (Moodle reopens a finished one in review mode, storing nothing),
    # and a score would let Moodle's mastery override turn "incomplete" into "failed" at LMSFinish.
    assert state["core"]["lesson_status"] == "incomplete"
    assert state["core"]["score"]["raw"] == ""
    assert not any(k.startswith("cmi.core.score") for k in sets(page))
    # Attempts are left: leaving now must let the learner resume.
    assert state["core"]["exit"] == "suspend"
    results = [r["result"] for r in interactions(page)]
    assert results == ["wrong", "wrong", "correct", "correct", "correct"]
    wrong = quiz3.items[0]
    assert interactions(page)[0]["student_response"] == f"{wrong.source}.{quiz3.items[1].answer}"
    feedback = frame.inner_text(f"#retour-{wrong.id}")
    assert "✗" in feedback and "Incorrect" in feedback
    # The correct answer stays hidden while attempts are left.
    assert "Bonne réponse" not in feedback
    assert "60\u00a0%" in result_text(frame) and "Il vous reste 2\u00a0essais" in result_text(frame)
    assert frame.is_visible("#recommencer")
    assert frame.inner_text("#essais") == "Essai 1 sur 3"
    frame.click("#recommencer")
    assert frame.inner_text("#essais") == "Essai 2 sur 3"
    assert frame.is_hidden(f"#retour-{wrong.id}") and frame.is_enabled(f"#choix-{wrong.id}")
    assert_no_lms_error(page)


def test_missing_answers_are_counted_and_focused_without_using_an_attempt(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name)
    answers = quiz3.answers()
    del answers[quiz3.items[1].id], answers[quiz3.items[3].id]
    choose(frame, answers)
    submit(frame)

    assert "Il manque 2\u00a0réponses" in result_text(frame)
    assert focused_id(frame) == f"choix-{quiz3.items[1].id}"
    assert frame.get_attribute(f"#choix-{quiz3.items[3].id}", "aria-invalid") == "true"
    assert "Réponse manquante" in frame.inner_text(f"#retour-{quiz3.items[3].id}")
    assert frame.inner_text("#essais") == "Essai 1 sur 3"
    assert not any(k.startswith("cmi.interactions.") for k in sets(page))
    assert "cmi.core.score.raw" not in sets(page)
    # Answering clears the mark; the attempt then counts.
    frame.select_option(f"#choix-{quiz3.items[1].id}", value=quiz3.items[1].answer)
    assert frame.get_attribute(f"#choix-{quiz3.items[1].id}", "aria-invalid") is None
    frame.select_option(f"#choix-{quiz3.items[3].id}", value=quiz3.items[3].answer)
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert lms(page)["core"]["lesson_status"] == "passed"
    assert_no_lms_error(page)


def test_relaunch_restores_answers_and_attempts(page, site, quiz3, browser):
    frame = open_in_lms(page, site, quiz3.name)
    first = quiz3.answers(wrong=2)
    choose(frame, first)
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    # A change after grading is not possible (locked) until « Réessayer »; then half-done answers are kept too.
    frame.click("#recommencer")
    changed = quiz3.items[0]
    frame.select_option(f"#choix-{changed.id}", value=changed.answer)
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("window.calls.some(c => c.name === 'LMSFinish')")
    saved = lms(page)["suspend_data"]
    assert saved and len(saved) <= 4096
    assert json.loads(saved)["n"] == 1

    relaunched = page.context.new_page()
    frame = open_in_lms(relaunched, site, quiz3.name, {"suspend_data": saved, "core": {"entry": "resume"}})
    expected = first | {changed.id: changed.answer}
    for item_id, target in expected.items():
        assert frame.input_value(f"#choix-{item_id}") == target
    assert frame.inner_text("#essais") == "Essai 2 sur 3"
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert lms(relaunched)["core"]["lesson_status"] == "passed"
    assert json.loads(lms(relaunched)["suspend_data"])["n"] == 2
    assert_no_lms_error(relaunched)


def test_a_resumed_wrong_try_shows_its_feedback_again_and_sends_nothing(page, site, quiz3, console):
    """Left right after a wrong try (Moodle then resumes the attempt): the relaunch shows that try's
    feedback as the submission did, from the saved answers alone, and writes nothing of the quiz."""
    frame = open_in_lms(page, site, quiz3.name)
    chosen = quiz3.answers(wrong=2)
    choose(frame, chosen)
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    after_submit = {item.id: frame.inner_text(f"#retour-{item.id}") for item in quiz3.items}
    summary = result_text(frame)
    saved = lms(page)["suspend_data"]

    relaunched = page.context.new_page()
    relaunched.on("console", lambda message: console.messages.append(f"{message.type}: {message.text}"))
    relaunched.on("pageerror", lambda error: console.errors.append(f"pageerror: {error}"))
    cmi = {"suspend_data": saved, "core": {"entry": "resume", "lesson_status": "incomplete"}}
    frame = open_in_lms(relaunched, site, quiz3.name, cmi)
    wrong = {item.id for item in quiz3.items[:2]}
    for item in quiz3.items:
        assert frame.input_value(f"#choix-{item.id}") == chosen[item.id]
        assert frame.is_disabled(f"#choix-{item.id}")
        state = "incorrect" if item.id in wrong else "correct"
        assert frame.get_attribute(f"#item-{item.id}", "data-state") == state
        feedback = frame.inner_text(f"#retour-{item.id}")
        # Text and icon, and never the right answer while tries are left.
        assert feedback == ("✗ Incorrect" if item.id in wrong else "✓ Correct")
        assert feedback == after_submit[item.id]
    assert "Bonne réponse" not in frame.inner_text("#quiz")
    result = result_text(frame)
    assert result == summary
    assert "Votre score\u00a0: 60\u00a0%" in result and "Il vous reste 2\u00a0essais" in result
    assert frame.inner_text("#essais") == "Essai 1 sur 3"
    assert frame.is_hidden("#valider") and frame.is_visible("#recommencer")
    assert focused_id(frame) == "resultat"
    # Nothing of the quiz sent: only what every launch writes to keep the attempt resumable.
    assert set(sets(relaunched)) == {"cmi.core.exit", "cmi.core.session_time"}
    assert sets(relaunched)["cmi.core.exit"] == "suspend"
    assert axe_violations(frame) == []

    # Keyboard: from the result to « Réessayer », then to the first wrong answer, and a new try.
    keyboard = relaunched.keyboard
    keyboard.press("Tab")
    assert focused_id(frame) == "recommencer"
    keyboard.press("Enter")
    first_wrong = quiz3.items[0].id
    assert focused_id(frame) == f"choix-{first_wrong}"
    assert frame.inner_text("#essais") == "Essai 2 sur 3"
    assert all(frame.is_hidden(f"#retour-{item.id}") for item in quiz3.items)
    choose(frame, quiz3.answers())
    frame.focus("#valider")
    keyboard.press("Enter")
    frame.locator("#resultat .quiz-score").wait_for()
    state = lms(relaunched)
    assert state["core"]["lesson_status"] == "passed" and state["core"]["score"]["raw"] == "100"
    assert json.loads(state["suspend_data"])["n"] == 2
    assert len(interactions(relaunched)) == len(quiz3.items)
    assert_no_lms_error(relaunched)
    assert console.warnings_and_errors() == []


def test_answers_changed_after_retry_resume_at_the_next_try_without_feedback(page, site, quiz3):
    """After « Réessayer » the saved answers are no longer the graded ones: no marks on a relaunch."""
    frame = open_in_lms(page, site, quiz3.name)
    choose(frame, quiz3.answers(wrong=3))
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    frame.click("#recommencer")
    # Still wrong after the change (another wrong actor): only the marks can tell the two states apart.
    changed, other = quiz3.items[0], quiz3.items[2]
    frame.select_option(f"#choix-{changed.id}", value=other.answer)
    saved = lms(page)["suspend_data"]
    assert json.loads(saved)["n"] == 1

    relaunched = page.context.new_page()
    frame = open_in_lms(relaunched, site, quiz3.name, {"suspend_data": saved, "core": {"entry": "resume"}})
    assert frame.input_value(f"#choix-{changed.id}") == other.answer
    assert frame.inner_text("#essais") == "Essai 2 sur 3"
    assert all(frame.is_hidden(f"#retour-{item.id}") for item in quiz3.items)
    assert all(frame.get_attribute(f"#item-{item.id}", "data-state") is None for item in quiz3.items)
    assert frame.is_visible("#valider") and frame.is_hidden("#recommencer")
    assert not frame.is_disabled(f"#choix-{changed.id}")
    assert result_text(frame) == ""


def test_lms_mastery_score_overrides_the_manifest(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name, {"student_data": {"mastery_score": "50"}})
    choose(frame, quiz3.answers(wrong=2))  # 60 %: below the manifest's 80, above the LMS's 50
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert lms(page)["core"]["lesson_status"] == "passed"
    assert lms(page)["core"]["score"]["raw"] == "60"
    assert "50\u00a0%" in result_text(frame)
    assert_no_lms_error(page)


def test_last_attempt_shows_the_correct_answers(page, site, quiz2):
    frame = open_in_lms(page, site, quiz2.name)
    choose(frame, quiz2.answers(wrong=3))
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert lms(page)["core"]["lesson_status"] == "incomplete"
    frame.click("#recommencer")
    first_wrong = quiz2.items[0].id
    assert focused_id(frame) == f"choix-{first_wrong}"
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()

    state = lms(page)
    assert state["core"]["lesson_status"] == "failed"
    assert state["core"]["score"]["raw"] == "40"
    assert state["core"]["exit"] == ""
    # Journaled: the second attempt appends after the first.
    recorded = records(state)
    assert len(recorded) == 2 * len(quiz2.items)
    assert [r["id"] for r in recorded] == [i.id for i in quiz2.items] * 2
    feedback = frame.inner_text(f"#retour-{first_wrong}")
    assert f"Bonne réponse\u00a0: {quiz2.labels[quiz2.items[0].answer]}" in feedback
    assert "tous vos essais" in result_text(frame)
    assert frame.is_hidden("#recommencer") and frame.is_hidden("#valider")
    assert frame.is_disabled(f"#choix-{first_wrong}")
    assert json.loads(state["suspend_data"])["f"] == 1
    assert_no_lms_error(page)

    # A relaunch of the finished attempt shows the same final state.
    relaunched = page.context.new_page()
    frame = open_in_lms(relaunched, site, quiz2.name, {"suspend_data": state["suspend_data"], "core": {"entry": ""}})
    assert "Bonne réponse" in frame.inner_text(f"#retour-{first_wrong}")
    assert frame.is_hidden("#valider") and frame.inner_text("#essais") == "Quiz terminé."
    assert not any(k.startswith("cmi.interactions.") for k in sets(relaunched))
    assert_no_lms_error(relaunched)


def test_keyboard_only(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name)
    frame.evaluate("document.body.focus()")
    keyboard = page.keyboard
    first = f"choix-{quiz3.items[0].id}"
    for _ in range(30):
        keyboard.press("Tab")
        if focused_id(frame) == first:
            break
    assert focused_id(frame) == first, "Tab never reached the first list"
    option_order = frame.eval_on_selector(f"#{first}", "s => Array.from(s.options, o => o.value)")
    wanted = quiz3.answers(wrong=2)

    def pick(item_id: str, target: str) -> None:
        assert focused_id(frame) == f"choix-{item_id}"
        current = option_order.index(frame.input_value(f"#choix-{item_id}"))
        step = "ArrowDown" if option_order.index(target) >= current else "ArrowUp"
        for _ in range(abs(option_order.index(target) - current)):
            keyboard.press(step)
        assert frame.input_value(f"#choix-{item_id}") == target

    for index, item in enumerate(quiz3.items):
        pick(item.id, wanted[item.id])
        if index < len(quiz3.items) - 1:
            keyboard.press("Tab")
    keyboard.press("Tab")
    assert focused_id(frame) == "valider"
    keyboard.press("Enter")
    frame.locator("#resultat .quiz-score").wait_for()
    assert focused_id(frame) == "resultat"
    keyboard.press("Tab")
    assert focused_id(frame) == "recommencer"
    keyboard.press("Enter")
    pick(quiz3.items[0].id, quiz3.items[0].answer)
    for _ in quiz3.items[1:]:
        keyboard.press("Tab")
    keyboard.press("Tab")
    assert focused_id(frame) == "valider"
    keyboard.press("Enter")
    frame.locator("#resultat .quiz-score").wait_for()
    assert lms(page)["core"]["lesson_status"] == "passed"
    # The focus ring is drawn (not removed by the style sheet).
    keyboard.press("Shift+Tab")
    outline = frame.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    # The context asks for reduced motion: no smooth scrolling then.
    assert frame.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert_no_lms_error(page)


def test_without_any_lms_the_quiz_works_silently(page, site, quiz3, console):
    page.goto(site.packages[quiz3.name])
    page.locator("#quiz.quiz-form--ready").wait_for()
    choose(page, quiz3.answers(wrong=1))
    submit(page)
    page.locator("#resultat .quiz-score").wait_for()
    assert "80\u00a0%" in page.inner_text("#resultat")
    assert "Réussi" in page.inner_text("#resultat")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    # Nothing to record, so nothing was refused: no warning that the result is lost.
    assert page.is_hidden("#non-enregistre")
    assert "enregistr" not in page.inner_text("#resultat")
    assert console.warnings_and_errors() == []
    assert console.messages == []


def test_lesson_without_quiz_is_completed_once_viewed(page, site, no_quiz, console):
    frame = open_in_lms(page, site, no_quiz.name, quiz=False)
    assert frame.locator("#quiz").count() == 0
    state = lms(page)
    assert state["core"]["lesson_status"] == "completed"
    # Full marks for doing all that was asked: under Moodle's « highest grade » a missing score is 0/100.
    score = state["core"]["score"]
    assert (score["raw"], score["min"], score["max"]) == ("100", "0", "100")
    assert state["core"]["exit"] == ""
    assert frame.is_hidden("#consultation")
    assert_no_lms_error(page)
    assert console.warnings_and_errors() == []


def test_lesson_without_quiz_in_review_mode_says_so_and_sets_nothing(page, site, no_quiz):
    cmi = {"core": {"lesson_mode": "review", "lesson_status": "completed", "entry": ""}}
    page.goto(site.lms_url(no_quiz.name, cmi))
    frame = page.frame_locator("#sco")
    frame.locator("#consultation").wait_for()
    assert "Mode consultation" in frame.locator("#consultation").inner_text()
    assert [c for c in calls(page) if c["name"] in ("LMSSetValue", "LMSCommit")] == []


def finished_state(page, site, package: Package, wrong: int) -> dict:
    """Play every try with `wrong` wrong answers; returns what the LMS holds at the end."""
    frame = open_in_lms(page, site, package.name)
    for attempt in range(package.attempts):
        if attempt:
            frame.click("#recommencer")
        choose(frame, package.answers(wrong=wrong))
        submit(frame)
        frame.locator("#resultat .quiz-score").wait_for()
    return lms(page)


def test_review_mode_shows_the_stored_answers_read_only_and_sets_nothing(page, site, quiz2, console):
    state = finished_state(page, site, quiz2, wrong=2)
    assert state["core"]["lesson_status"] == "failed" and state["core"]["score"]["raw"] == "60"

    relaunched = page.context.new_page()
    cmi = {
        "suspend_data": state["suspend_data"],
        "core": {"lesson_mode": "review", "lesson_status": "failed", "entry": "", "score": {"raw": "60"}},
    }
    frame = open_in_lms(relaunched, site, quiz2.name, cmi)
    notice = frame.inner_text("#consultation")
    assert "Mode consultation" in notice and "pas enregistrées" in notice
    for item, target in quiz2.answers(wrong=2).items():
        assert frame.input_value(f"#choix-{item}") == target
        assert frame.is_disabled(f"#choix-{item}")
    wrong, right = quiz2.items[0], quiz2.items[-1]
    assert "Incorrect" in frame.inner_text(f"#retour-{wrong.id}")
    assert "Correct" in frame.inner_text(f"#retour-{right.id}")
    # The stored score, and nothing that offers or implies a new one.
    result = result_text(frame)
    assert "Score enregistré\u00a0: 60\u00a0%" in result
    assert "Essai" not in frame.inner_text("#quiz") and "Réessayer" not in result
    assert frame.is_hidden("#valider") and frame.is_hidden("#recommencer")
    # A submission (Enter in the form) neither grades nor lets the browser reload the lesson.
    submit_event = "(() => { const e = new SubmitEvent('submit', {cancelable: true});"
    submit_event += " document.getElementById('quiz').dispatchEvent(e); return e.defaultPrevented; })()"
    assert frame.evaluate(submit_event) is True
    assert [c for c in calls(relaunched) if c["name"] in ("LMSSetValue", "LMSCommit")] == []
    assert [c["name"] for c in calls(relaunched)].count("LMSInitialize") == 1
    assert axe_violations(frame) == []
    assert console.warnings_and_errors() == []


def test_review_mode_without_saved_answers(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name, {"core": {"lesson_mode": "browse", "entry": ""}})
    assert frame.is_visible("#consultation")
    assert "Aucune réponse enregistrée" in result_text(frame)
    assert all(frame.is_disabled(f"#choix-{item.id}") for item in quiz3.items)
    assert [c for c in calls(page) if c["name"] in ("LMSSetValue", "LMSCommit")] == []


def test_a_fixed_role_keeps_every_letter_and_the_saved_answers(page, site):
    """Two builds that differ in one role's wording: same positions, letters and patterns, and the
    state saved by the first restores in the second."""
    fixed = tuple(
        QuizPair(p.id, p.actor, "Pilote l'action numérique au niveau du département.") if p.id == "ien-numerique" else p
        for p in PAIRS
    )
    # One resource identity, as in a real rebuild; published under two names to open both.
    before = make_package(site, "edit-avant", pairs=PAIRS, identity="ressource-editee")
    after = make_package(site, "edit-apres", pairs=fixed, identity="ressource-editee")
    assert [(i.id, i.source, i.answer) for i in after.items] == [(i.id, i.source, i.answer) for i in before.items]
    assert after.labels == before.labels

    frame = open_in_lms(page, site, before.name)
    chosen = before.answers(wrong=2)
    choose(frame, chosen)
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    state = lms(page)
    patterns = {r["id"]: (r["student_response"], r["correct_responses"]["0"]["pattern"]) for r in records(state)}

    relaunched = page.context.new_page()
    frame = open_in_lms(relaunched, site, after.name, {"suspend_data": state["suspend_data"], "core": {"entry": "resume"}})
    for item_id, target in chosen.items():
        assert frame.input_value(f"#choix-{item_id}") == target
    # Left right after grading: the graded try is shown again, then retried.
    assert frame.inner_text("#essais") == "Essai 1 sur 3"
    frame.click("#recommencer")
    assert frame.inner_text("#essais") == "Essai 2 sur 3"
    frame.click("#valider")
    frame.locator("#resultat .quiz-score").wait_for()
    again = {r["id"]: (r["student_response"], r["correct_responses"]["0"]["pattern"]) for r in interactions(relaunched)}
    assert again == patterns
    assert_no_lms_error(relaunched)


def test_finish_once_on_pagehide_and_commit_when_hidden(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name)
    commits = len([c for c in calls(page) if c["name"] == "LMSCommit"])
    frame.evaluate(
        """() => {
          Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "hidden"});
          document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    assert len([c for c in calls(page) if c["name"] == "LMSCommit"]) == commits + 1
    # A synthetic pagehide, then the real one when the frame navigates away: one LMSFinish.
    frame.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("document.getElementById('sco').contentWindow.location.href === 'about:blank'")
    names = [c["name"] for c in calls(page)]
    assert names.count("LMSFinish") == 1 and names[-1] == "LMSFinish"
    assert names.count("LMSInitialize") == 1
    assert CMI_TIMESPAN.match(sets(page)["cmi.core.session_time"])
    assert_no_lms_error(page)


def axe_violations(frame) -> list[dict]:
    if not frame.evaluate("typeof window.axe !== 'undefined'"):
        frame.add_script_tag(url="/vendor/axe.min.js")
    return frame.evaluate(
        """async () => {
          const result = await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            iframes: false,
          });
          return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target)}));
        }"""
    )


def test_accessibility_before_and_after_submitting(page, site, quiz2):
    frame = open_in_lms(page, site, quiz2.name)
    assert axe_violations(frame) == []
    submit(frame)  # nothing chosen: the missing-answer state
    assert axe_violations(frame) == []
    choose(frame, quiz2.answers(wrong=2))
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert axe_violations(frame) == []
    frame.click("#recommencer")
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert "Bonne réponse" in frame.inner_text("#quiz")
    assert axe_violations(frame) == []
    # Small screens: nothing wider than the viewport; the video keeps 16:9 at every width.
    video_ratio = "(() => { const r = document.querySelector('.video-frame iframe').getBoundingClientRect();"
    video_ratio += " return r.width / r.height; })()"
    assert frame.evaluate(video_ratio) == pytest.approx(16 / 9, rel=0.01)
    page.set_viewport_size({"width": 360, "height": 740})
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert frame.evaluate(video_ratio) == pytest.approx(16 / 9, rel=0.02)


def test_thirty_six_pairs_fit_scorm_limits(page, site):
    pairs = tuple(QuizPair(f"acteur-{n:02d}", f"Acteur {n}", f"Le rôle numéro {n}.") for n in range(36))
    package = make_package(site, "quiz36", pairs=pairs)
    frame = open_in_lms(page, site, package.name)
    choose_at_once(frame, package.answers(wrong=1))
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    state = lms(page)
    assert state["core"]["score"]["raw"] == "97.22"  # 35 of 36
    assert len(records(state)) == 36
    assert all(MATCHING.match(r["student_response"]) for r in records(state))
    assert len(state["suspend_data"]) <= 100, state["suspend_data"]  # compact: 4096 is far away
    assert_no_lms_error(page)


def test_the_seed_package_runs_in_the_lms(page, site, tmp_path):
    seed = next((ROOT / "seeds").glob("*.md"))
    result = build_one(seed, Settings(output_dir=tmp_path))
    assert result.ok, result.error
    assert result.quiz_pairs >= 3, "the seed should give a quiz"
    site.publish_zip("seed", result.outputs[0])
    frame = open_in_lms(page, site, "seed")
    data = json.loads(frame.inner_text("#quiz-data"))
    assert len(data["items"]) == result.quiz_pairs
    choose(frame, {item["id"]: item["answer"] for item in data["items"]})
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert lms(page)["core"]["lesson_status"] == "passed"
    assert [r["id"] for r in interactions(page)] == [item["id"] for item in data["items"]]
    assert_no_lms_error(page)


# ---- an LMS that does not record ------------------------------------------------------------------
# Moodle answers "false" when its session has ended (a second window, an expired login) or a commit's
# request failed. The learner must not take a result for recorded when it was not.

UNSAVED_RESULT = "La plateforme n'a pas enregistré ce résultat"


def unsaved_notice(frame) -> str:
    return frame.inner_text("#non-enregistre") if frame.is_visible("#non-enregistre") else ""


def test_an_lms_refusing_to_initialize_is_told_and_the_result_is_not_taken_for_recorded(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name, ended=True)
    initialize = [c for c in calls(page) if c["name"] == "LMSInitialize"]
    assert [c["result"] for c in initialize] == ["false"]  # refused by scorm-again itself
    notice = unsaved_notice(frame)
    assert "la plateforme n'a pas enregistré vos réponses ni votre résultat" in notice
    assert "rouvrez-la depuis la plateforme" in notice
    assert frame.get_attribute("#non-enregistre", "role") == "alert"
    choose(frame, quiz3.answers())
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    # The score is still shown (the learner did the work), with the warning in the focused region.
    result = result_text(frame)
    assert "Réussi" in result and UNSAVED_RESULT in result
    assert focused_id(frame) == "resultat"
    # The lesson knows the session is not open: it sends nothing the LMS would have to refuse.
    assert [c for c in calls(page) if c["name"] in ("LMSSetValue", "LMSCommit")] == []
    assert axe_violations(frame) == []


def test_a_session_ended_during_the_quiz_is_told_at_submission(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name)
    assert unsaved_notice(frame) == ""
    # The LMS's session ends behind the lesson's back: from now on every write is refused.
    page.evaluate("window.refuse.push('LMSSetValue', 'LMSCommit')")
    choose(frame, quiz3.answers())
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert UNSAVED_RESULT in result_text(frame)
    assert "vos réponses ni votre résultat" in unsaved_notice(frame)
    refused = [c for c in calls(page) if c["name"] == "LMSSetValue" and c["result"] == "false"]
    assert refused and lms(page)["core"]["lesson_status"] == "incomplete"


@pytest.mark.parametrize(
    ("refused", "at_start"),
    [
        (["LMSSetValue cmi.core.lesson_status"], True),  # "incomplete" is written at launch
        (["LMSSetValue cmi.core.score.raw"], False),
        (["LMSSetValue cmi.suspend_data"], False),
    ],
)
def test_a_refused_write_of_the_result_is_told(page, site, quiz3, refused, at_start):
    frame = open_in_lms(page, site, quiz3.name, refuse=refused)
    assert bool(unsaved_notice(frame)) is at_start
    choose(frame, quiz3.answers())
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert UNSAVED_RESULT in result_text(frame)
    assert unsaved_notice(frame)


def test_a_refused_commit_is_told_from_the_start(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name, refuse=["LMSCommit"])
    assert unsaved_notice(frame)
    choose(frame, quiz3.answers(wrong=2))
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert UNSAVED_RESULT in result_text(frame) and "Il vous reste 2" in result_text(frame)


def test_refused_interactions_alone_do_not_make_the_result_unrecorded(page, site, quiz3):
    # SCORM 1.2 lets an LMS leave cmi.interactions out (error 401): the score and status still count.
    frame = open_in_lms(page, site, quiz3.name, refuse=["LMSSetValue cmi.interactions."])
    choose(frame, quiz3.answers())
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    assert lms(page)["core"]["lesson_status"] == "passed"
    assert UNSAVED_RESULT not in result_text(frame) and unsaved_notice(frame) == ""


def test_lesson_without_quiz_tells_when_its_visit_is_not_recorded(page, site, no_quiz):
    frame = open_in_lms(page, site, no_quiz.name, quiz=False, ended=True)
    notice = unsaved_notice(frame)
    assert "votre visite de cette leçon" in notice and "rouvrez-la depuis la plateforme" in notice
    relaunched = page.context.new_page()
    frame = open_in_lms(relaunched, site, no_quiz.name, quiz=False, refuse=["LMSSetValue cmi.core.score.raw"])
    assert "votre visite de cette leçon" in unsaved_notice(frame)
    assert axe_violations(frame) == []


def test_null_from_get_value_reads_as_empty(page, site, quiz3):
    frame = open_in_lms(page, site, quiz3.name, get_null=True)
    # A first launch, whatever null would spell as text: incomplete, resumable, attempt 1.
    assert sets(page)["cmi.core.lesson_status"] == "incomplete"
    assert sets(page)["cmi.core.exit"] == "suspend"
    assert frame.inner_text("#essais") == "Essai 1 sur 3"
    choose(frame, quiz3.answers())
    submit(frame)
    frame.locator("#resultat .quiz-score").wait_for()
    state = lms(page)
    assert state["core"]["lesson_status"] == "passed" and state["core"]["score"]["raw"] == "100"
    assert [r["id"] for r in records(state)] == [item.id for item in quiz3.items]  # from index 0
    assert not any("null" in str(c["args"]) for c in calls(page) if c["name"] == "LMSSetValue")
    assert unsaved_notice(frame) == "" and "80\u00a0%" in result_text(frame)
    assert_no_lms_error(page)


def test_null_from_get_value_in_a_lesson_without_quiz(page, site, no_quiz):
    open_in_lms(page, site, no_quiz.name, quiz=False, get_null=True)
    assert lms(page)["core"]["lesson_status"] == "completed"
    assert_no_lms_error(page)
