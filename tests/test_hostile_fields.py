"""Hostile text in every field that reaches HTML, JSON or XML, in both exporters: shown as typed, never run.

Each field gets its own marked payload, so that a field that lost its escaping is named by the failure
(another field's escaped copy cannot satisfy the check, as a page-wide search would).
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from dataclasses import replace

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from scormpack.cli import cli
from scormpack.config import Settings
from scormpack.errors import SourceError
from scormpack.exporters.h5p import H5PExporter
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.lom import IMSMD
from scormpack.manifest12 import IMSCP
from scormpack.reader import read_resource
from scormpack.render import lesson_html


def payload(field: str) -> str:
    """A string that would run in a page, close a <script>, break JSON or XML, if written unescaped.

    No `,` or `;` (credit names are split on them) and nothing markdown or French typography rewrites.
    """
    return (
        f'{field} <img src=x onerror="window.pwned=1"> </script><script>window.pwned=2</script> '
        f"</title></textarea><!-- & \"q\" 'a' ]]> {{{{lang}}}}"
    )


FIELDS = ("title", "area", "description", "transcript", "role", "names", "author", "note", "actor", "quizrole")
HOSTILE = {field: payload(field.upper()) for field in FIELDS}
# The embed address may carry a query (start time, player options): it reaches attributes and the LOM.
# The reader takes only name=value pairs, so the built packages get a query with `&` and escapes;
# a quote would be refused at its line (checked below) and is given to the exporters directly.
EMBED = "https://tube.reseau-canope.fr/videos/embed/f87f764b-5b4e-4219-a731-4e74cda01f25?start=1&lt=%22%3E%3Cimg"
PAGE_URL = EMBED.replace("/videos/embed/", "/videos/watch/")
HOSTILE_EMBED = (
    "https://tube.reseau-canope.fr/videos/embed/f87f764b-5b4e-4219-a731-4e74cda01f25"
    '?start=1&t="><img/src=x/onerror=window.pwned=4>'
)
HOSTILE_PAGE_URL = HOSTILE_EMBED.replace("/videos/embed/", "/videos/watch/")
EVIL_TAGS = re.compile(r"<\s*(img|script|svg|iframe)\b", re.IGNORECASE)

SOURCE = """---
area: {area}
title: {title}
description: {description}
videoEmbedSrc: {embed}
---

## Transcription

Un premier paragraphe ordinaire.

{transcript}

## Crédits

- **{role}** : {names}
- **Scénario** : {author}

{note}
"""


def _quiz_yaml() -> str:
    pairs = [
        {"id": "hostile", "actor": HOSTILE["actor"], "role": HOSTILE["quizrole"]},
        {"id": "erun", "actor": "eRUN", "role": "Forme les enseignants de la circonscription."},
        {"id": "dsi", "actor": "DSI", "role": "Assure le support technique."},
    ]
    return json.dumps({"pairs": pairs}, ensure_ascii=False)  # JSON is YAML


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("hostile")
    sources = folder / "sources"
    sources.mkdir()
    front = {k: json.dumps(HOSTILE[k], ensure_ascii=False) for k in ("area", "title", "description")}
    front["embed"] = json.dumps(EMBED)
    text = SOURCE.format(**front, **{k: HOSTILE[k] for k in ("transcript", "role", "names", "author", "note")})
    (sources / "ressource.md").write_text(text, encoding="utf-8")
    (sources / "ressource.quiz.yaml").write_text(_quiz_yaml(), encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(cli, ["build", str(sources), "-o", str(out), "--format", "all"])
    assert result.exit_code == 0, result.output
    opened = {"source": {"ressource.md": text.encode("utf-8")}}
    for name in ("ressource.zip", "ressource.h5p"):
        with zipfile.ZipFile(out / name) as archive:
            opened[name] = {info.filename: archive.read(info) for info in archive.infolist()}
    return opened


@pytest.fixture(scope="module")
def page(packages):
    return lxml_html.fromstring(packages["ressource.zip"]["index.html"].decode("utf-8"))


def _text(element) -> str:
    return " ".join(element.text_content().split())


# ---- SCORM: the lesson page -----------------------------------------------------------------


def test_the_page_holds_no_markup_from_the_sources(page):
    scripts = page.xpath("//script")
    assert [s.get("src") for s in scripts if s.get("type") != "application/json"] == [
        "assets/scorm12.js",
        "assets/lesson.js",
        "assets/transcript.js",
    ]
    assert len([s for s in scripts if s.get("type") == "application/json"]) == 1
    assert not page.xpath("//img | //svg")
    assert not [el for el in page.iter() if isinstance(el.tag, str) and any(a.startswith("on") for a in el.attrib)]
    # Comments in the page are the template's own (none); one from a source would hide what follows.
    assert not page.xpath("//comment()")


@pytest.mark.parametrize(
    ("field", "xpath"),
    [
        ("title", "//title"),
        ("title", "//h1"),
        ("area", "//p[@class='area']"),
        ("description", "//p[@class='description']"),
        ("role", "//section[@class='credits']//dt"),
        ("note", "//section[@class='credits']/p"),
        ("quizrole", "//label[@class='quiz-role']"),
        ("actor", "//select[1]/option"),
    ],
)
def test_each_field_is_shown_as_typed_in_its_place(page, field, xpath):
    shown = [_text(el) for el in page.xpath(xpath)]
    assert HOSTILE[field] in shown, shown


def test_the_transcript_shows_raw_html_as_text(page):
    # Checked in the transcript itself: the escaped title elsewhere on the page must not answer for it.
    paragraphs = [_text(p) for p in page.xpath("//section[@class='transcript']/p")]
    assert paragraphs == ["Un premier paragraphe ordinaire.", HOSTILE["transcript"]]


def test_credit_names_are_text(page):
    names = [_text(dd) for dd in page.xpath("//section[@class='credits']//dd")]
    assert names == [HOSTILE["names"], HOSTILE["author"]]


def test_the_video_addresses_stay_inside_their_attributes(page):
    (iframe,) = page.xpath("//iframe")
    assert iframe.get("src") == EMBED
    # The link to the video's page, and its address written out for the printed page.
    assert page.xpath("//section[@class='video']//a/@href") == [PAGE_URL, PAGE_URL]
    assert _text(page.xpath("//section[@class='video']/p[@class='print-only']/a")[0]) == PAGE_URL


def test_the_reader_refuses_a_quote_in_the_embed_address(tmp_path):
    source = tmp_path / "ressource.md"
    source.write_text(
        SOURCE.format(
            area="A", title="T", description="D", embed=json.dumps(HOSTILE_EMBED), transcript="Texte.",
            role="Scénario", names="Nom", author="Autre", note="",
        ),
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        read_resource(source)
    assert caught.value.line == 5 and caught.value.field == "videoEmbedSrc"


@pytest.fixture(scope="module")
def hostile_address_files(packages, tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The exporters' files for a resource whose embed address holds a quote and markup.

    The reader refuses such an address, but the exporters are a library too: their own escaping is
    what keeps it inside its attribute whatever produced the Resource.
    """
    folder = tmp_path_factory.mktemp("hostile-address")
    text = packages["source"]["ressource.md"].decode("utf-8")
    (folder / "ressource.md").write_text(text, encoding="utf-8")
    resource = replace(read_resource(folder / "ressource.md"), video_embed_src=HOSTILE_EMBED)
    assert resource.video_page_url == HOSTILE_PAGE_URL
    settings = Settings()
    return {
        "scorm12": Scorm12Exporter().files(resource, None, settings),
        "h5p": H5PExporter().files(resource, None, settings),
    }


def test_a_hostile_video_address_stays_inside_the_lesson_attributes(hostile_address_files):
    page = lxml_html.fromstring(hostile_address_files["scorm12"]["index.html"].decode("utf-8"))
    (iframe,) = page.xpath("//iframe")
    assert iframe.get("src") == HOSTILE_EMBED
    assert page.xpath("//section[@class='video']//a/@href") == [HOSTILE_PAGE_URL, HOSTILE_PAGE_URL]
    assert _text(page.xpath("//section[@class='video']/p[@class='print-only']/a")[0]) == HOSTILE_PAGE_URL
    assert not page.xpath("//img | //svg")
    assert not [el for el in page.iter() if isinstance(el.tag, str) and any(a.startswith("on") for a in el.attrib)]


def test_a_hostile_video_address_is_text_in_the_lom(hostile_address_files):
    root = etree.fromstring(hostile_address_files["scorm12"]["imsmanifest.xml"])
    location = root.xpath("//md:technical/md:location/text()", namespaces={"md": IMSMD})
    assert location == [HOSTILE_PAGE_URL]


def test_a_hostile_video_address_stays_inside_the_h5p_link(hostile_address_files):
    content = json.loads(hostile_address_files["h5p"]["content/content.json"])
    description = content["content"][0]["content"]["params"]["text"]
    fragment = lxml_html.fragment_fromstring(description, create_parent="div")
    assert fragment.xpath("//a/@href") == [HOSTILE_PAGE_URL]
    assert not fragment.xpath("//img")
    # The transcript's second panel (the downloadable text) gives the address as a link too.
    (accordion,) = [c["content"] for c in content["content"] if c["content"]["library"].startswith("H5P.Accordion")]
    panel = accordion["params"]["panels"][1]["content"]["params"]["text"]
    fragment = lxml_html.fragment_fromstring(panel, create_parent="div")
    assert fragment.xpath("//a/@href") == [HOSTILE_PAGE_URL]
    assert _text(fragment.xpath("//a")[0]) == HOSTILE_PAGE_URL
    assert not fragment.xpath("//img")


def test_the_video_title_attribute_holds_the_title_as_text(page):
    (iframe,) = page.xpath("//iframe")
    assert iframe.get("title").endswith(" " + HOSTILE["title"])


def test_the_quiz_data_json_cannot_close_its_script(packages, page):
    source = packages["ressource.zip"]["index.html"].decode("utf-8")
    start = source.index('<script type="application/json" id="quiz-data">') + len(
        '<script type="application/json" id="quiz-data">'
    )
    raw = source[start : source.index("</script>", start)]
    # What a browser sees as the element's text ends at the first "</script": it must be all the JSON.
    assert not re.search(r"[<>&]", raw)
    data = json.loads(raw)
    assert HOSTILE["actor"] in data["labels"].values()
    (node,) = page.xpath("//script[@id='quiz-data']")
    assert json.loads(node.text) == data


# ---- SCORM: the manifest ---------------------------------------------------------------------


def test_the_manifest_carries_every_field_as_text(packages):
    root = etree.fromstring(packages["ressource.zip"]["imsmanifest.xml"])
    ns = {"cp": IMSCP, "md": IMSMD}
    assert root.xpath("//cp:organization/cp:title/text()", namespaces=ns) == [HOSTILE["title"]]
    assert root.xpath("//cp:item/cp:title/text()", namespaces=ns) == [HOSTILE["title"]]
    general = "//md:lom/md:general"
    assert root.xpath(f"{general}/md:title/md:langstring/text()", namespaces=ns) == [HOSTILE["title"]]
    assert root.xpath(f"{general}/md:description/md:langstring/text()", namespaces=ns) == [HOSTILE["description"]]
    assert root.xpath(f"{general}/md:keyword/md:langstring/text()", namespaces=ns) == [HOSTILE["area"]]
    assert root.xpath("//md:technical/md:location/text()", namespaces=ns) == [PAGE_URL]
    vcards = root.xpath("//md:contribute/md:centity/md:vcard/text()", namespaces=ns)
    assert any(f"FN:{HOSTILE['names']}\n" in card and f"ROLE:{HOSTILE['role']}\n" in card for card in vcards)
    # No element or processing instruction came from a source: only the namespaces we write.
    assert {etree.QName(el).namespace for el in root.iter() if isinstance(el.tag, str)} <= {
        IMSCP,
        IMSMD,
        "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    }


# ---- H5P: content.json and h5p.json ----------------------------------------------------------


def _strings(value):
    if isinstance(value, dict):
        for child in value.values():
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)
    elif isinstance(value, str):
        yield value


def _html_text(fragment: str) -> str:
    return " ".join(lxml_html.fragment_fromstring(fragment, create_parent="div").text_content().split())


def test_h5p_content_holds_no_markup_from_the_sources(packages):
    content = json.loads(packages["ressource.h5p"]["content/content.json"])
    for value in _strings(content):
        assert not EVIL_TAGS.search(value), value
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", value, re.IGNORECASE), value


def test_h5p_html_fields_show_every_field_as_typed(packages):
    content = json.loads(packages["ressource.h5p"]["content/content.json"])
    items = [item["content"] for item in content["content"]]
    description, transcript, _quiz, credits = (item["params"] for item in items)
    assert HOSTILE["description"] in _html_text(description["text"])
    links = lxml_html.fragment_fromstring(description["text"], create_parent="div").xpath("//a/@href")
    assert links == [PAGE_URL]
    panel = transcript["panels"][0]["content"]["params"]["text"]
    assert HOSTILE["transcript"] in _html_text(panel)
    # The second panel, the downloadable text's copy: every field of it shown as typed too.
    text_version = _html_text(transcript["panels"][1]["content"]["params"]["text"])
    for field in ("area", "title", "description", "transcript", "role", "names", "author", "note"):
        assert HOSTILE[field] in text_version, field
    credits_text = _html_text(credits["text"])
    for field in ("role", "names", "note"):
        assert HOSTILE[field] in credits_text, field


def test_h5p_drag_text_keeps_actor_and_role_without_markup(packages):
    content = json.loads(packages["ressource.h5p"]["content/content.json"])
    quiz = next(item["content"]["params"] for item in content["content"] if "textField" in item["content"]["params"])
    (line,) = [line for line in quiz["textField"].split("\n") if line.startswith("QUIZROLE")]
    assert not re.search(r"[<>&]", line)  # a plain-text field: H5P would show markup as typed
    statement, answer = line.rsplit("\u00a0: ", 1)
    assert answer.startswith("*ACTOR ") and answer.endswith("*")
    assert "window.pwned=2" in statement and "window.pwned=2" in answer


def test_h5p_json_title_and_authors_are_plain_text(packages):
    meta = json.loads(packages["ressource.h5p"]["h5p.json"])
    assert meta["title"].startswith("TITLE ") and "window.pwned=2" in meta["title"]
    names = [author["name"] for author in meta["authors"]]
    # « Scénario » is an H5P author role: the hostile name is there, as plain text.
    assert [(n.split(" ", 1)[0], a["role"]) for n, a in zip(names, meta["authors"], strict=True)] == [
        ("AUTHOR", "Author")
    ]
    assert "window.pwned=2" in names[0]
    for value in [meta["title"], *names]:
        assert not re.search(r"[<>&]", value), value
        assert html.unescape(value) == value  # no entity the site would show as typed


def test_links_in_the_sources_keep_only_web_and_mail_schemes_and_leak_no_referrer(seed_path):
    links = "[page](https://example.org/page) [courriel](mailto:a@example.org) [fichier](ftp://example.org/x)"
    resource = replace(read_resource(seed_path), transcript=(links,), credits_notes=(links,))
    page = lxml_html.fromstring(lesson_html(resource, None, runtime_script="scorm12.js", mastery_score=80, attempts=3))
    for section in ("transcript", "credits"):
        anchors = page.xpath(f"//section[@class='{section}']//a")
        assert [(a.text, a.get("href")) for a in anchors] == [
            ("page", "https://example.org/page"),
            ("courriel", "mailto:a@example.org"),
            ("fichier", None),  # kept as text, without its link
        ]
        assert {a.get("rel") for a in anchors} == {"noopener noreferrer"}
