"""A transcript's lists, sub-headings and quotes: read, then shown everywhere the transcript is.

Before, only the transcript's top-level paragraphs were kept: a numbered list of steps vanished
from the lesson, the print view, the .txt and the H5P panels without a word.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html as lxml_html
from support import SEEDS, seed_text
from transcript_sample import STRUCTURED_NAME, STRUCTURED_SOURCE, STRUCTURED_TRANSCRIPT, small_resource

from scormpack.config import Settings
from scormpack.errors import SourceError
from scormpack.exporters.h5p import H5PExporter
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.h5p.html import ADVANCED_TEXT_TAGS, filter_html
from scormpack.model import Heading, ListBlock, ListItem, Paragraph, Quote, paragraphs_of
from scormpack.package import zip_bytes_to
from scormpack.quiz import derive_candidates
from scormpack.reader import read_resource
from scormpack.render import _marked
from scormpack.text import inline_html, plain_text
from scormpack.transcript_file import file_name, plain
from scormpack.validate import check_members
from scormpack.validate.h5p import check_h5p_members

NBSP = "\u00a0"


@pytest.fixture
def structured(write_resource):
    return read_resource(write_resource(STRUCTURED_SOURCE, name="inscription.md"))


def with_transcript(body: str) -> str:
    """The seed with its transcript replaced by `body`."""
    text = seed_text()
    head, rest = text.split("## Transcription\n", 1)
    return head + "## Transcription\n\n" + body + "\n\n## **Crédits**" + rest.split("## **Crédits**", 1)[1]


def with_credits(body: str) -> str:
    return seed_text().split("## **Crédits**")[0] + "## **Crédits**\n\n" + body


def error_of(write_resource, text: str) -> str:
    path = write_resource(text)
    with pytest.raises(SourceError) as caught:
        read_resource(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:") and "\n" not in message
    return message[len(str(path)) :]


def line_of(text: str, needle: str) -> int:
    return text.split("\n").index(needle) + 1


# --- reading -------------------------------------------------------------------------------------


def test_every_block_of_the_transcript_is_read_in_order(structured):
    assert structured.transcript == (
        Paragraph("Trois étapes, dans cet ordre :"),
        ListBlock(
            ordered=True,
            items=(
                ListItem((Paragraph("Le maire inscrit l'enfant sur la liste scolaire ; la famille présente le livret de famille."),)),
                ListItem(
                    (
                        Paragraph("Le directeur d'école admet l'élève :"),
                        ListBlock(
                            ordered=False,
                            items=(
                                ListItem((Paragraph("il reçoit le certificat d'inscription ;"),)),
                                ListItem((Paragraph("il vérifie les *vaccinations*."),)),
                            ),
                        ),
                    )
                ),
                ListItem((Paragraph("L'IEN de circonscription est informé <script>alert(1)</script>."),)),
            ),
        ),
        Heading(3, "En cas de désaccord"),
        Quote((Paragraph("La famille peut saisir l'**IA-DASEN**."), Paragraph("Il tranche."))),
        Heading(4, "Un exemple"),
        ListBlock(
            ordered=False,
            items=(ListItem((Paragraph("Lucas, 3 ans"),)), ListItem((Paragraph("[Le guide](https://example.org/guide)"),))),
        ),
    )


def test_the_paragraphs_the_quiz_reads_are_the_readers_whatever_built_the_resource(structured):
    """A Resource built by hand (no transcript_text) gives the quiz the same paragraphs as one read."""
    assert [plain_text(p) for p in paragraphs_of(structured.transcript)] == list(structured.transcript_text)
    by_hand = replace(structured, transcript_text=(), transcript_text_lines=())
    # Only the evidence's lines differ: a resource built by hand has no source lines.
    derived = [[(c["actor"], c["role"], c["confidence"]) for c in derive_candidates(r)] for r in (by_hand, structured)]
    assert derived[0] == derived[1] != []


def test_numbering_start_and_loose_items_are_kept(write_resource):
    resource = read_resource(write_resource(with_transcript("3. Troisième.\n\n4. Quatrième,\n\n   en deux paragraphes.")))
    (block,) = resource.transcript
    assert isinstance(block, ListBlock) and block.ordered and block.start == 3 and not block.tight
    assert block.items[1].blocks == (Paragraph("Quatrième,"), Paragraph("en deux paragraphes."))


def test_a_transcript_of_only_a_list_is_read(write_resource):
    resource = read_resource(write_resource(with_transcript("- Le maire inscrit.\n- Le directeur admet.")))
    assert [item.blocks for item in resource.transcript[0].items] == [
        (Paragraph("Le maire inscrit."),),
        (Paragraph("Le directeur admet."),),
    ]
    text = with_transcript("- Le maire inscrit.\n- Le directeur admet.")
    assert resource.transcript_line == line_of(text, "- Le maire inscrit.")


def test_the_quiz_reads_the_same_text_as_before_sub_headings_were_kept(structured):
    """The quiz's input is paragraphs and list items with their lines; a sub-heading is not in it."""
    assert structured.transcript_text == (
        "Trois étapes, dans cet ordre :",
        "Le maire inscrit l'enfant sur la liste scolaire ; la famille présente le livret de famille.",
        "Le directeur d'école admet l'élève :",
        "il reçoit le certificat d'inscription ;",
        "il vérifie les vaccinations.",
        "L'IEN de circonscription est informé <script>alert(1)</script>.",
        "La famille peut saisir l'IA-DASEN.",
        "Il tranche.",
        "Lucas, 3 ans",
        "Le guide",
    )
    lines = STRUCTURED_SOURCE.split("\n")
    for text, (first, last) in zip(structured.transcript_text, structured.transcript_text_lines, strict=True):
        assert first == last
        assert text.split()[-1].strip("*.") in lines[first - 1].replace("*", ""), (text, lines[first - 1])


@pytest.mark.parametrize(
    ("body", "needle", "expected"),
    [
        ("Avant.\n\n    un paragraphe indenté\n", "    un paragraphe indenté", "Transcription: a code block is not read"),
        ("Avant.\n\n```\ncode\n```\n", "```", "Transcription: a code block is not read"),
        ("Avant.\n\n# Partie 2\n\nAprès.", "# Partie 2", "Transcription: a level-1 or level-2 heading has no place"),
        ("Avant.\n\n- Étape\n- ## Titre dans une liste\n\nAprès.", "- ## Titre dans une liste", "Transcription: a level-1 or level-2"),
        ("Avant.\n\n> ## Titre cité\n\nAprès.", "> ## Titre cité", "Transcription: a level-1 or level-2"),
        ("Avant.\n\n- Étape\n\n      indentée de trop", "      indentée de trop", "Transcription: a code block is not read"),
    ],
)
def test_what_a_transcript_cannot_hold_is_refused_at_its_line(write_resource, body, needle, expected):
    text = with_transcript(body)
    message = error_of(write_resource, text)
    assert message.startswith(f":{line_of(text, needle)}: {expected}"), message


@pytest.mark.parametrize(
    ("body", "needle", "expected"),
    [
        ("### Remerciements\n\n- **Scénario** : A\n", "### Remerciements", "Crédits: a sub-heading is not read in the credits"),
        ("- **Scénario** : A\n  - B\n", "  - B", "Crédits: a list inside a credit is not read"),
        ("- **Scénario** : A\n\n> Merci.\n", "> Merci.", "Crédits: a quote is not read in the credits"),
        ("- **Scénario** : A\n\nMerci.\n\n    texte indenté\n", "    texte indenté", "Crédits: a code block is not read as credits"),
        ("- **Scénario** : A\n\n# Fin\n", "# Fin", "Crédits: a sub-heading is not read in the credits"),
    ],
)
def test_what_the_credits_cannot_show_is_refused_at_its_line(write_resource, body, needle, expected):
    text = with_credits(body)
    message = error_of(write_resource, text)
    assert message.startswith(f":{line_of(text, needle)}: {expected}"), message


@pytest.mark.parametrize(
    ("body", "needle", "expected"),
    [
        ("Avant.\n\n## Partie 2\n\nAprès.", "## Partie 2", "Partie 2: unknown section, its text would not be shown"),
        ("Avant.\n\n## Transcription (suite)\n\nAprès.", "## Transcription (suite)", "Transcription (suite): a second section"),
        ("Avant.\n\nUne phrase soulignée\n---\n\nAprès.", "Une phrase soulignée", "Une phrase soulignée: a line of '-' under"),
    ],
)
def test_a_level_2_section_that_would_not_be_shown_is_refused(write_resource, body, needle, expected):
    text = with_transcript(body)
    message = error_of(write_resource, text)
    assert message.startswith(f":{line_of(text, needle)}: {expected}"), message


def test_credits_still_read_their_list_and_free_paragraphs(write_resource):
    resource = read_resource(write_resource(with_credits("- **Scénario** : A, B\n1. **Voix** : C\n\nAvec le soutien de D.\n")))
    assert [(c.role, c.names) for c in resource.credits] == [("Scénario", ("A", "B")), ("Voix", ("C",))]
    assert resource.credits_notes == ("Avec le soutien de D.",)


def test_an_empty_transcript_is_still_refused(write_resource):
    message = error_of(write_resource, with_transcript("---"))
    assert "Transcription: section is empty (expected paragraphs or lists)" in message


# --- the lesson ----------------------------------------------------------------------------------


def lesson(resource) -> tuple[dict[str, bytes], lxml_html.HtmlElement]:
    members = Scorm12Exporter().files(resource, None, Settings())
    return members, lxml_html.fromstring(members["index.html"].decode("utf-8"))


def squashed(element) -> str:
    # Not str.split(): the no-break spaces of French typography are part of what is checked.
    return re.sub(r"[ \t\n]+", " ", element.text_content()).strip()


def test_the_lesson_shows_lists_sub_headings_and_quotes_as_html(structured):
    members, tree = lesson(structured)
    (section,) = tree.xpath("//section[@class='transcript']")
    # Sub-headings one level below the section's <h2>, in order with the rest.
    assert [(h.tag, squashed(h)) for h in section.xpath(".//h2|.//h3|.//h4")] == [
        ("h2", "Transcription"),
        ("h3", "En cas de désaccord"),
        ("h4", "Un exemple"),
    ]
    (steps,) = section.xpath("./ol")
    assert [squashed(li) for li in steps.xpath("./li")] == [
        "Le maire inscrit l'enfant sur la liste scolaire\u202f; la famille présente le livret de famille.",
        f"Le directeur d'école admet l'élève{NBSP}: il reçoit le certificat d'inscription\u202f; il vérifie les vaccinations.",
        "L'IEN de circonscription est informé <script>alert(1)</script>.",
    ]
    # Raw HTML is text, never an element; inline markdown is rendered.
    assert not tree.xpath("//script[contains(., 'alert')]")
    assert steps.xpath("./li[2]/ul/li[2]/em/text()") == ["vaccinations"]
    assert [squashed(p) for p in section.xpath("./blockquote/p")] == ["La famille peut saisir l'IA-DASEN.", "Il tranche."]
    assert section.xpath("./blockquote/p[1]/strong/text()") == ["IA-DASEN"]
    (link,) = section.xpath("./ul/li/a")
    assert link.get("href") == "https://example.org/guide" and link.get("rel") == "noopener noreferrer"
    # The style sheet of lists and headings comes with them, linked and packaged.
    assert tree.xpath("//link[@href='assets/transcript-blocks.css']")
    assert "assets/transcript-blocks.css" in members
    assert [f for f in check_members(members, "inscription.zip") if f.severity == "error"] == []


def test_an_ordered_list_keeps_its_first_number(write_resource):
    _, tree = lesson(read_resource(write_resource(with_transcript("Suite.\n\n3. Troisième.\n4. Quatrième."))))
    (ol,) = tree.xpath("//section[@class='transcript']/ol")
    assert ol.get("start") == "3" and [squashed(li) for li in ol] == ["Troisième.", "Quatrième."]


def test_the_text_file_keeps_an_ordered_list_s_first_number(write_resource):
    # The learner reading the .txt beside the video hears « étape 3 »: the file says 3 too.
    resource = read_resource(write_resource(with_transcript("Suite.\n\n3. Troisième.\n4. Quatrième.")))
    text = Scorm12Exporter().files(resource, None, Settings())[file_name(resource.slug)].decode("utf-8-sig")
    assert "\r\n\r\n3. Troisième.\r\n4. Quatrième.\r\n" in text


def test_a_loose_list_keeps_its_paragraphs(write_resource):
    _, tree = lesson(read_resource(write_resource(with_transcript("- Premier.\n\n- Second,\n\n  suite."))))
    (ul,) = tree.xpath("//section[@class='transcript']/ul")
    assert [[squashed(p) for p in li.xpath("./p")] for li in ul] == [["Premier."], ["Second,", "suite."]]


# --- the .txt ------------------------------------------------------------------------------------


def test_the_text_file_numbers_bullets_and_indents(structured):
    members = Scorm12Exporter().files(structured, None, Settings())
    text = members[STRUCTURED_NAME].decode("utf-8-sig")
    transcript = text[text.index("Transcription\r\n") : text.index("Crédits\r\n") + len("Crédits\r\n")]
    assert transcript == STRUCTURED_TRANSCRIPT


# --- H5P ------------------------------------------------------------------------------------------


def h5p_panels(resource) -> tuple[dict[str, bytes], list[str]]:
    members = H5PExporter().files(resource, None, Settings())
    content = json.loads(members["content/content.json"])
    (accordion,) = [c["content"] for c in content["content"] if c["content"]["library"].startswith("H5P.Accordion")]
    return members, [panel["content"]["params"]["text"] for panel in accordion["params"]["panels"]]


def test_the_h5p_transcript_panel_holds_every_block(structured):
    members, (panel, _) = h5p_panels(structured)
    tree = lxml_html.fromstring(f"<div>{panel}</div>")
    steps = [squashed(li) for li in tree.xpath("./ol/li")]
    assert len(steps) == 3 and steps[0].startswith("Le maire inscrit l'enfant")
    assert [squashed(li) for li in tree.xpath("./ol/li[2]/ul/li")] == [
        "il reçoit le certificat d'inscription\u202f;",
        "il vérifie les vaccinations.",
    ]
    # Panel titles are h2: sub-headings come below, h3 at most (AdvancedText holds no deeper one).
    assert [(h.tag, squashed(h)) for h in tree.xpath("./h3")] == [("h3", "En cas de désaccord"), ("h3", "Un exemple")]
    # No <blockquote> in AdvancedText: the quote's paragraphs are shown as paragraphs, not dropped.
    assert "La famille peut saisir l'<strong>IA-DASEN</strong>.</p><p>Il tranche.</p>" in panel
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel and "<script" not in panel
    # Nothing the field would strip on the site: the package passes its own validation.
    assert filter_html(panel, ADVANCED_TEXT_TAGS) == panel
    assert [f for f in check_h5p_members(members, "inscription.h5p") if f.severity == "error"] == []


def test_the_h5p_text_version_panel_is_the_text_file(structured):
    _, (_, version) = h5p_panels(structured)
    version = version.replace("&nbsp;", NBSP)
    assert f"<br>{NBSP * 3}- il reçoit le certificat d'inscription{NBSP};<br>" in version
    assert "<p>1. Le maire inscrit l'enfant" in version
    assert f"<p>{NBSP * 4}La famille peut saisir l'IA-DASEN.</p>" in version
    lines = [line for line in STRUCTURED_TRANSCRIPT.split("\r\n")[3:-3] if line]
    shown = html.unescape(re.sub(r"<[^>]+>", "\n", version)).replace(NBSP, " ")
    for line in lines:
        assert line.replace(NBSP, " ") in shown, line


# --- paragraph-only transcripts are rendered as before ------------------------------------------


def test_paragraph_only_transcripts_render_exactly_as_before():
    """What the renderers wrote before blocks, computed here as they did: the seed's lesson, text and
    H5P panel must hold exactly that, and no new file (re-uploading the package changes nothing)."""
    for source in SEEDS.glob("*.md"):
        resource = read_resource(source)
        paragraphs = [block.text for block in resource.transcript]
        members = Scorm12Exporter().files(resource, None, Settings())
        html = members["index.html"].decode("utf-8")
        before = "".join(f"\n    <p>{_marked(inline_html(p))}</p>" for p in paragraphs)
        assert f"</div>{before}\n  </section>" in html
        assert "transcript-blocks" not in html
        assert not [name for name in members if "transcript-blocks" in name]
        text = members[f"{resource.slug}-transcription.txt"].decode("utf-8-sig")
        assert "\r\n\r\n".join(plain(p) for p in paragraphs) + "\r\n\r\n\r\n" in text
        _, (panel, _) = h5p_panels(resource)
        assert panel == filter_html("".join(f"<p>{inline_html(p)}</p>" for p in paragraphs), ADVANCED_TEXT_TAGS)


def test_a_resource_built_by_hand_with_strings_keeps_working():
    resource = small_resource()
    assert all(isinstance(block, Paragraph) for block in resource.transcript)
    assert resource.transcript[0].text.startswith("Premier paragraphe")


def test_a_structured_resource_builds_to_the_same_bytes_twice(write_resource, tmp_path: Path):
    source = write_resource(STRUCTURED_SOURCE, name="inscription.md")
    archives = []
    for run in ("a", "b"):
        resource = read_resource(source)
        for exporter in (Scorm12Exporter(), H5PExporter()):
            archive = tmp_path / run / f"inscription{exporter.suffix}"
            archive.parent.mkdir(exist_ok=True)
            zip_bytes_to(archive, exporter.files(resource, None, Settings()))
            archives.append(archive.read_bytes())
    assert archives[:2] == archives[2:]
    with zipfile.ZipFile(io.BytesIO(archives[0])) as opened:
        assert "assets/transcript-blocks.css" in opened.namelist()
