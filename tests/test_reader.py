"""Reading a resource: every front-matter and body rule, with the one-line error it gives."""

from __future__ import annotations

import pytest
from support import replace_field, seed_text

from scormpack.errors import SourceError
from scormpack.model import Paragraph
from scormpack.reader import read_resource

EMBED = "https://tube.reseau-canope.fr/videos/embed/f87f764b-5b4e-4219-a731-4e74cda01f25"


def test_seed_reads_into_a_resource(seed_path):
    resource = read_resource(seed_path)
    assert resource.slug == seed_path.stem
    assert resource.area == "Domaine 1"
    assert resource.title.startswith("Les acteurs institutionnels")
    assert resource.video_embed_src == EMBED
    assert resource.video_page_url == EMBED.replace("/embed/", "/watch/")
    assert resource.video_download_href is None  # empty in the source
    assert len(resource.transcript) == 11
    assert all(isinstance(block, Paragraph) for block in resource.transcript)
    assert resource.transcript[0].text.startswith("eRUN, CPD numérique")
    assert any("_via_" in p.text for p in resource.transcript)  # inline markdown kept for the renderer
    assert [c.role for c in resource.credits] == ["Scénario", "Direction de publication", "Production", "Partenariat"]
    assert resource.credits[0].names == ("Corentine Gasquet",)
    assert resource.credits_notes and resource.credits_notes[0].startswith("Ressource produite")
    assert resource.transcript_line == 11


@pytest.mark.parametrize(
    ("field", "line", "expected"),
    [
        ("area", None, ":1: area: missing"),
        ("title", "title: ''", ":3: title: is empty"),
        ("title", "title: 2024", ":3: title: must be text"),
        ("description", "description:", ":4: description: is empty"),
        ("videoEmbedSrc", None, "videoEmbedSrc: missing"),
        ("videoEmbedSrc", "videoEmbedSrc: http://tube.reseau-canope.fr/videos/embed/f87f764b-5b4e", ":5: videoEmbedSrc: must use https"),
        ("videoEmbedSrc", "videoEmbedSrc: https://www.youtube.com/embed/abcdefghijk", ":5: videoEmbedSrc: host 'www.youtube.com' is not an allowed video host"),
        ("videoEmbedSrc", "videoEmbedSrc: https://tube.reseau-canope.fr/videos/f87f764b-5b4e-4219", ":5: videoEmbedSrc: path '/videos/f87f764b-5b4e-4219' is not a PeerTube video address"),
        ("videoEmbedSrc", "videoEmbedSrc: [a, b]", ":5: videoEmbedSrc: must be a URL"),
        ("videoEmbedSrc", "videoEmbedSrc: https://tube.reseau-canope.fr/w/0a1b2c3d4e5f6a7b", ":5: videoEmbedSrc: 'https://tube.reseau-canope.fr/w/0a1b2c3d4e5f6a7b' is the video's page, not its embed address (expected https://tube.reseau-canope.fr/videos/embed/0a1b2c3d4e5f6a7b)"),
        ("videoDownloadHref", "videoDownloadHref: https://tube.reseau-canope.fr/download/videos/abc.webm", ":6: videoDownloadHref: path"),
        ("videoDownloadHref", "videoDownloadHref: https://evil.example/download/videos/f87f764b-5b4e-4219.mp4", ":6: videoDownloadHref: host 'evil.example'"),
        ("videoDownloadHref", "videoDownloadHref: https://tube.reseau-canope.fr/download/videos/f87f764b-5b4e-4219.mp4?x=1", ":6: videoDownloadHref: unexpected query"),
        ("area", "area: Domaine 1\nauthor: Quelqu'un", ":3: author: unknown field"),
        ("title", "title: [unclosed", ":3: front matter: invalid YAML"),
        ("title", "title: Le harcèlement : qui fait quoi", ':3: title: invalid YAML: mapping values are not allowed in this context (a value containing ": " must be quoted: title: "Le harcèlement : qui fait quoi")'),
    ],
)
def test_front_matter_rules(write_resource, field, line, expected):
    path = write_resource(replace_field(seed_text(), field, line))
    with pytest.raises(SourceError) as caught:
        read_resource(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "href",
    [
        "https://tube.reseau-canope.fr/download/videos/f87f764b-5b4e-4219-a731-4e74cda01f25-720.mp4",
        "https://tube.reseau-canope.fr/download/streaming-playlists/hls/videos/f87f764b-5b4e-4219-a731-4e74cda01f25-1080-fragmented.mp4",
    ],
)
def test_accepted_download_links(write_resource, href):
    path = write_resource(replace_field(seed_text(), "videoDownloadHref", f"videoDownloadHref: {href}"))
    assert read_resource(path).video_download_href == href


def test_allowed_hosts_are_configurable(write_resource):
    text = replace_field(seed_text(), "videoEmbedSrc", "videoEmbedSrc: https://peertube.example.org/videos/embed/0a1b2c3d4e5f")
    path = write_resource(text)
    with pytest.raises(SourceError, match="not an allowed video host"):
        read_resource(path)
    resource = read_resource(path, video_hosts=["peertube.example.org"])
    assert resource.video_id == "0a1b2c3d4e5f"


def test_bom_and_crlf_are_accepted(write_resource, seed_path):
    raw = b"\xef\xbb\xbf" + seed_text().replace("\n", "\r\n").encode("utf-8")
    resource = read_resource(write_resource(raw))
    assert resource == read_resource(seed_path).__class__(**{**read_resource(seed_path).__dict__, "source": resource.source, "slug": resource.slug})


def test_not_utf8_names_the_line(write_resource):
    raw = seed_text().encode("utf-8").replace(b"Enfin, la DSI", b"Enfin, la DSI \xe9")
    with pytest.raises(SourceError, match=r":\d+: encoding: not valid UTF-8"):
        read_resource(write_resource(raw))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("## Transcription", "## Texte"), "Transcription: section missing"),
        (lambda t: t.split("## Transcription")[0] + "## Transcription\n\n## Crédits\n\n- **Scénario** : A\n", "Transcription: section is empty"),
        (lambda t: t.split("## **Crédits**")[0], "Crédits: section missing"),
        (lambda t: t.replace("- **Production** : Réseau Canopé", "- Production Réseau Canopé"), "Crédits: list item must read"),
        (lambda t: t[4:], "front matter: missing"),
        (lambda t: t.replace("---\n\n## Transcription", "\n## Transcription"), "front matter: not closed"),
    ],
)
def test_body_rules(write_resource, change, expected):
    path = write_resource(change(seed_text()))
    with pytest.raises(SourceError, match=expected):
        read_resource(path)


def test_credits_line_number_points_at_the_bad_item(write_resource):
    text = seed_text().replace("- **Production** : Réseau Canopé", "- Production Réseau Canopé")
    path = write_resource(text)
    expected_line = text.split("\n").index("- Production Réseau Canopé") + 1
    with pytest.raises(SourceError) as caught:
        read_resource(path)
    assert caught.value.line == expected_line


def with_identifier(value: str) -> str:
    """The seed with an `identifier:` line after its title."""
    return replace_field(seed_text(), "title", seed_text().split("\n")[2] + f"\nidentifier: {value}")


def test_identifier_keeps_the_identity_of_a_renamed_file(write_resource):
    resource = read_resource(write_resource(with_identifier("ancien-nom"), name="nouveau-nom.md"))
    assert resource.slug == "nouveau-nom"
    assert resource.identity == "ancien-nom"
    assert read_resource(write_resource(seed_text(), name="sans-identifiant.md")).identity == "sans-identifiant"


@pytest.mark.parametrize("value", ["Ancien-Nom", "ancien nom", "-ancien", "é", "12.5", "[a]", "a" * 81])
def test_identifier_must_be_a_slug(write_resource, value):
    with pytest.raises(SourceError) as error:
        read_resource(write_resource(with_identifier(value)))
    assert ":4: identifier: " in str(error.value)
    assert "expected lower-case ASCII letters, digits and '-'" in str(error.value)


@pytest.mark.parametrize("value", ["", '""', "''", '"  "', "~", "null", "Null"])
def test_an_empty_identifier_is_refused_on_its_line(write_resource, value):
    # A half-filled line after a rename would silently fall back to the new file name's slug, and the
    # upload would then delete the learners' tracking: the very thing the field is there to prevent.
    with pytest.raises(SourceError) as error:
        read_resource(write_resource(with_identifier(value), name="nouveau-nom.md"))
    message = str(error.value)
    assert ":4: identifier: is empty" in message
    assert "the old file name's slug" in message and "remove the line" in message
    assert "NotText" not in message and "\n" not in message
