"""A transcript with a numbered list, a nested list, sub-headings and a quote, in headless Chromium.

Built by the real reader and exporter, unzipped under the test LMS (scorm-again) as in
test_transcript_print.py: what a learner sees on screen and on paper, and axe's verdict on both.
"""

from __future__ import annotations

import pytest
from test_lesson_runtime import axe_violations
from test_transcript_print import flat, pdf_pages
from transcript_sample import STRUCTURED_NAME, STRUCTURED_SOURCE, STRUCTURED_TRANSCRIPT

from scormpack.config import Settings
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.model import Quiz, QuizPair
from scormpack.reader import read_resource

pytestmark = pytest.mark.browser

PAIRS = (
    QuizPair("maire", "Le maire", "Inscrit l'enfant sur la liste scolaire."),
    QuizPair("directeur", "Le directeur d'école", "Admet l'élève."),
    QuizPair("ien", "L'IEN", "Est informé de l'admission."),
)


@pytest.fixture(scope="session")
def structured_package(site, tmp_path_factory) -> dict[str, bytes]:
    source = tmp_path_factory.mktemp("sources") / "inscription.md"
    source.write_text(STRUCTURED_SOURCE, encoding="utf-8")
    members = Scorm12Exporter().files(read_resource(source), Quiz(pairs=PAIRS), Settings())
    site.publish("inscription", members)
    return members


def open_lesson(page, site):
    page.goto(site.lms_url("inscription"))
    page.frame_locator("#sco").locator("#quiz.quiz-form--ready").wait_for()
    return page.locator("#sco").element_handle().content_frame()


def test_the_steps_are_a_numbered_list_under_their_sub_headings(page, site, structured_package, console):
    frame = open_lesson(page, site)
    steps = frame.locator(".transcript > ol > li")
    assert steps.count() == 3
    assert steps.nth(0).inner_text().startswith("Le maire inscrit l'enfant")
    # Numbered by the browser, as the source numbers them; the nested list has bullets.
    assert frame.eval_on_selector(".transcript > ol", "e => getComputedStyle(e).listStyleType") == "decimal"
    assert frame.eval_on_selector(".transcript > ol > li:nth-child(2) ul", "e => getComputedStyle(e).listStyleType") in (
        "circle",
        "disc",
    )
    assert frame.locator(".transcript > ol > li:nth-child(2) ul > li").all_inner_texts() == [
        "il reçoit le certificat d'inscription\u202f;",
        "il vérifie les vaccinations.",
    ]
    # The outline a screen reader offers: the section's h2, then its sub-headings one level below.
    outline = frame.evaluate(
        """() => Array.from(document.querySelectorAll('.transcript :is(h2, h3, h4, h5, h6)'))
             .map(h => h.tagName + ' ' + h.textContent)"""
    )
    assert outline == ["H2 Transcription", "H3 En cas de désaccord", "H4 Un exemple"]
    assert frame.locator(".transcript blockquote p").all_inner_texts() == ["La famille peut saisir l'IA-DASEN.", "Il tranche."]
    # Raw HTML of the source is shown as text, never run.
    assert "<script>alert(1)</script>" in steps.nth(2).inner_text()
    assert frame.evaluate("document.querySelectorAll('.transcript script').length") == 0
    # The list stays within the reading width and the page does not scroll sideways.
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert console.warnings_and_errors() == []


def test_accessibility_on_screen_and_in_print(page, site, structured_package):
    frame = open_lesson(page, site)
    assert axe_violations(frame) == []
    page.emulate_media(media="print")
    try:
        assert axe_violations(frame) == []
        assert frame.is_visible(".transcript > ol") and frame.is_visible(".transcript h3")
        colours = frame.evaluate(
            """() => Array.from(document.querySelectorAll('.transcript :is(h3, h4, li, blockquote p)'))
                 .map(e => getComputedStyle(e).color)"""
        )
        assert set(colours) == {"rgb(0, 0, 0)"}
    finally:
        page.emulate_media(media="screen")


def test_the_pdf_holds_every_step_in_order_as_the_text_file_does(page, site, structured_package):
    page.goto(site.packages["inscription"])
    page.locator("#quiz.quiz-form--ready").wait_for()
    printed = flat("\n".join(pdf_pages(page)))
    # The file's transcript lines, numbers and bullets included, in the same order on paper.
    lines = [flat(line) for line in STRUCTURED_TRANSCRIPT.split("\r\n")[3:-3] if line.strip()]
    lines = [line.replace("- ", "", 1) if line.startswith("- ") else line for line in lines]
    positions = []
    for line in lines:
        assert line in printed, line
        positions.append(printed.index(line))
    assert positions == sorted(positions)
    assert structured_package[STRUCTURED_NAME].decode("utf-8-sig").count("1. Le maire inscrit") == 1


def test_a_sub_heading_never_ends_a_page(page, site, structured_package):
    """Paragraphs are added before « En cas de désaccord » one by one until it moves to the next
    page: just before and after that, the sub-heading is followed by its quote on the same page."""
    page.goto(site.packages["inscription"])
    page.locator("#quiz.quiz-form--ready").wait_for()

    def layout(extra: int) -> list[list[str]]:
        page.evaluate(
            """(extra) => {
              const heading = document.querySelector('.transcript h3');
              document.querySelectorAll('.transcript p.extra').forEach(p => p.remove());
              for (let i = 1; i <= extra; i++) {
                const p = document.createElement('p');
                p.className = 'extra';
                p.textContent = 'Ligne ajoutée ' + i + '.';
                heading.before(p);
              }
            }""",
            extra,
        )
        return [[line.strip() for line in text.splitlines() if line.strip()] for text in pdf_pages(page)]

    def page_of_heading(pages: list[list[str]]) -> int:
        return next(i for i, lines in enumerate(pages) if "En cas de désaccord" in lines)

    low, high = 0, 60
    start = page_of_heading(layout(low))
    assert page_of_heading(layout(high)) > start
    while high - low > 1:
        middle = (low + high) // 2
        if page_of_heading(layout(middle)) > start:
            high = middle
        else:
            low = middle
    for extra in (low, high):
        pages = layout(extra)
        at = page_of_heading(pages)
        after = pages[at][pages[at].index("En cas de désaccord") + 1 :]
        assert after and after[0].startswith("La famille peut saisir"), (extra, pages[at][-3:])
