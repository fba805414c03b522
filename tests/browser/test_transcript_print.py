"""« Imprimer la transcription » and « Télécharger la transcription » in headless Chromium.

The package is built by the real exporter and unzipped under the test LMS (scorm-again), as in
test_lesson_runtime.py. The printed page is checked twice: with print media emulated in the LMS's
frame (what Ctrl+P or the button applies), and as the PDF Chromium prints, read back with pypdf.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from transcript_sample import EXPECTED, NAME, small_resource

from scormpack.config import Settings
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.model import Quiz, QuizPair

pytestmark = pytest.mark.browser

PAIRS = (
    QuizPair("erun", "eRUN", "Forme les enseignants d'une circonscription."),
    QuizPair("cpd", "CPD numérique", "Valorise les innovations pédagogiques."),
    QuizPair("dran", "DRAN", "Propose une stratégie au recteur."),
)
# Text of the screen that has no place on paper.
NOT_PRINTED = (
    "Qui fait quoi",
    "Pour chaque rôle",
    "Valider mes réponses",
    "Imprimer la transcription",
    "Télécharger la transcription",
    "Aller au contenu",
    "Voir la vidéo sur son site",
    "Si la vidéo ne s'affiche pas",
    "Valorise les innovations",
)
PRINTED_HIDDEN = ("#quiz", "#imprimer", "#telecharger", ".skip-link", ".video-frame", ".video-links", ".video-fallback")
PRINTED_SHOWN = (".area", "h1", ".description", ".print-only", ".transcript p", ".credits dl", ".credits p")


@pytest.fixture(scope="session")
def printable(site) -> dict[str, bytes]:
    members = Scorm12Exporter().files(small_resource(), Quiz(pairs=PAIRS), Settings())
    site.publish("imprimable", members)
    return members


def open_in_lms(page, site):
    page.goto(site.lms_url("imprimable"))
    page.frame_locator("#sco").locator("#quiz.quiz-form--ready").wait_for()
    return page.locator("#sco").element_handle().content_frame()


def expected_lines() -> list[str]:
    """The file's lines with text, as a reader compares them with paper (spaces unified, no underline)."""
    lines = [flat(line) for line in EXPECTED.decode("utf-8-sig").split("\r\n")]
    return [line for line in lines if line and not re.fullmatch(r"[=-]+", line)]


def flat(text: str) -> str:
    """Text with ligatures undone, no-break spaces as spaces, and line breaks (a PDF's or a file's) as one space."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(re.sub(r"-\n", "-", text).split())


def pdf_pages(page) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]


def focused_id(frame) -> str:
    return frame.evaluate("document.activeElement ? document.activeElement.id : ''")


def tab_to(page, frame, element_id: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_id(frame) == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_print_media_shows_the_text_and_hides_quiz_and_controls(page, site, printable, console):
    frame = open_in_lms(page, site)
    # On screen: the controls are there, the address written for paper is not.
    assert frame.is_visible("#imprimer") and frame.is_visible("#telecharger")
    assert frame.is_hidden(".print-only")
    page.emulate_media(media="print")
    try:
        for selector in PRINTED_HIDDEN:
            assert frame.is_hidden(selector), selector
        for selector in PRINTED_SHOWN:
            assert all(frame.locator(selector).evaluate_all("els => els.map(e => e.checkVisibility())")), selector
        printed = flat(frame.evaluate("document.body.innerText"))
        for line in expected_lines():
            # innerText leaves out what the style sheet adds (a link's address, the colon after a role).
            line = re.sub(r"^(Scénario|Production) : ", r"\1 ", line.replace(" (https://example.org/guide)", ""))
            assert line in printed, line
        for text in NOT_PRINTED:
            assert text not in printed, text
        # No colour needed: text, headings and links are black, nothing sits on a tinted background.
        colours = frame.evaluate(
            """() => Array.from(document.querySelectorAll('h1, h2, p, a, dt, dd, .banner'))
                 .filter(e => e.checkVisibility())
                 .map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])"""
        )
        assert {c for c, _ in colours} == {"rgb(0, 0, 0)"}
        assert {b for _, b in colours} <= {"rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"}
    finally:
        page.emulate_media(media="screen")
    assert console.warnings_and_errors() == []


def test_the_pdf_holds_title_transcript_credits_and_address_and_no_quiz(page, site, printable):
    page.goto(site.packages["imprimable"])
    page.locator("#quiz.quiz-form--ready").wait_for()
    printed = flat("\n".join(pdf_pages(page)))
    for line in expected_lines():
        assert line in printed, line
    # In the order of the file: area, title, description, address, transcript, credits.
    positions = [printed.index(line) for line in expected_lines()]
    assert positions == sorted(positions)
    for text in NOT_PRINTED:
        assert text not in printed, text


def test_a_heading_never_ends_a_page(page, site, printable):
    """Short paragraphs are added to the transcript one by one until « Crédits » moves to the next page:
    just before that, the heading must still be followed by its list on the same page."""
    page.goto(site.packages["imprimable"])
    page.locator("#quiz.quiz-form--ready").wait_for()

    def layout(extra: int) -> list[list[str]]:
        page.evaluate(
            """(extra) => {
              const section = document.querySelector('.transcript');
              section.querySelectorAll('p.extra').forEach(p => p.remove());
              for (let i = 1; i <= extra; i++) {
                const p = document.createElement('p');
                p.className = 'extra';
                p.textContent = 'Ligne ajoutée ' + i + '.';
                section.append(p);
              }
            }""",
            extra,
        )
        return [[line.strip() for line in text.splitlines() if line.strip()] for text in pdf_pages(page)]

    def page_of_credits(pages: list[list[str]]) -> int:
        return next(i for i, lines in enumerate(pages) if "Crédits" in lines)

    # 40 one-line paragraphs are more than a page: somewhere between, the heading changes page.
    low, high = 0, 40
    start = page_of_credits(layout(low))
    assert page_of_credits(layout(high)) > start
    while high - low > 1:
        middle = (low + high) // 2
        if page_of_credits(layout(middle)) > start:
            high = middle
        else:
            low = middle
    for extra in (low, high):
        for lines in layout(extra):
            assert lines[-1] not in ("Crédits", "Transcription"), (extra, lines[-3:])
        pages = layout(extra)
        at = page_of_credits(pages)
        after = pages[at][pages[at].index("Crédits") + 1 :]
        assert after and after[0].startswith("Scénario"), (extra, after)


def test_the_button_prints_and_the_link_downloads_the_packaged_file_by_keyboard(page, site, printable):
    frame = open_in_lms(page, site)
    frame.evaluate("window.printed = 0; addEventListener('beforeprint', () => { window.printed += 1; })")
    frame.evaluate("document.body.focus()")
    tab_to(page, frame, "imprimer")
    assert frame.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("", "none")
    page.keyboard.press("Enter")
    frame.wait_for_function("window.printed === 1")

    page.keyboard.press("Tab")
    assert focused_id(frame) == "telecharger"
    with page.expect_download() as event:
        page.keyboard.press("Enter")
    download = event.value
    assert download.suggested_filename == NAME
    data = Path(download.path()).read_bytes()
    assert data == printable[NAME] == EXPECTED


def test_the_link_serves_the_file_as_packaged(page, site, printable):
    frame = open_in_lms(page, site)
    href = frame.evaluate("document.getElementById('telecharger').href")
    assert href == f"{site.base}/pkg/imprimable/{NAME}"
    response = page.request.get(href)
    assert response.ok and response.body() == EXPECTED


def test_accessibility_with_the_controls(page, site, printable):
    from test_lesson_runtime import axe_violations

    frame = open_in_lms(page, site)
    assert frame.get_attribute("#telecharger", "download") == NAME
    assert axe_violations(frame) == []
    page.emulate_media(media="print")
    try:
        assert axe_violations(frame) == []
    finally:
        page.emulate_media(media="screen")


def test_without_scripts_no_dead_button_and_the_download_still_works(browser, site, printable):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        context.route(re.compile(rf"^(?!{re.escape(site.base)}/)[a-z]+://"), lambda route: route.abort())
        page = context.new_page()
        page.goto(site.packages["imprimable"])
        assert page.is_hidden("#imprimer")
        with page.expect_download() as event:
            page.click("#telecharger")
        assert Path(event.value.path()).read_bytes() == EXPECTED
    finally:
        context.close()


def test_a_link_in_the_transcript_prints_with_its_address(page, site):
    resource = small_resource()
    linked = replace(resource, slug="lien", transcript=("Voir [le site](https://example.org/page) pour en savoir plus.",))
    site.publish("lien", Scorm12Exporter().files(linked, None, Settings()))
    page.goto(site.packages["lien"])
    assert "Voir le site (https://example.org/page) pour en savoir plus." in flat("\n".join(pdf_pages(page)))
