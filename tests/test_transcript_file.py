"""The transcript file « Télécharger la transcription »: its bytes, its place in the package, its link."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html
from support import seed_text
from transcript_sample import EXPECTED, NAME, small_resource

from scormpack.cli import cli
from scormpack.config import Settings
from scormpack.exporters.h5p import H5PExporter
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.model import Resource
from scormpack.validate import check_members


def package(resource: Resource | None = None) -> dict[str, bytes]:
    return Scorm12Exporter().files(resource or small_resource(), None, Settings())


def test_the_file_holds_the_resource_as_plain_text():
    assert package()[NAME] == EXPECTED


def test_notepad_reads_it_utf8_with_a_bom_and_crlf_only():
    data = package()[NAME]
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF nor bare CR
    # No character an older Windows font may lack (the narrow no-break space of the web page).
    assert "\u202f" not in text


def test_listed_in_the_manifest_of_the_sco():
    manifest = etree.fromstring(package()["imsmanifest.xml"])
    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}
    (sco,) = manifest.xpath("//cp:resource", namespaces=ns)
    assert NAME in sco.xpath("cp:file/@href", namespaces=ns)


def test_the_lesson_links_it_for_download_under_its_name():
    members = package()
    tree = lxml_html.fromstring(members["index.html"].decode("utf-8"))
    (link,) = tree.xpath("//a[@id='telecharger']")
    assert link.get("href") == NAME and link.get("download") == NAME
    label = re.sub(r"[ \n]+", " ", link.text_content()).strip()
    size = len(members[NAME])
    assert label == f"Télécharger la transcription (fichier texte, {max(1, round(size / 1000))}\u00a0ko)"
    (button,) = tree.xpath("//button[@id='imprimer']")
    assert button.text == "Imprimer la transcription" and button.get("type") == "button"
    # The address printed in place of the video.
    assert tree.xpath("string(//p[@class='print-only']/a/@href)") == small_resource().video_page_url


def test_validate_wants_it_listed_and_present():
    members = package()
    assert [f for f in check_members(members, "pkg.zip") if f.severity != "info"] == []
    missing = {k: v for k, v in members.items() if k != NAME}
    assert [(f.rule, f.severity) for f in check_members(missing, "pkg.zip")] == [("SCORM-FILE-MISSING", "error")]
    manifest = members["imsmanifest.xml"].replace(f'<file href="{NAME}"/>'.encode(), b"")
    unlisted = {**members, "imsmanifest.xml": manifest}
    assert [(f.rule, f.severity) for f in check_members(unlisted, "pkg.zip")] == [("PKG-UNLISTED-FILE", "warning")]


def build(tmp_path: Path, source: Path, out: str) -> dict[str, bytes]:
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = (tmp_path / out / "ressource.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {"zip": data, **{name: archive.read(name) for name in archive.namelist()}}


def test_byte_identical_across_rebuilds_and_validated(tmp_path, write_resource):
    source = write_resource(seed_text())
    first, second = build(tmp_path, source, "a"), build(tmp_path, source, "b")
    assert first[NAME] == second[NAME] and first["zip"] == second["zip"]
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "a" / "ressource.zip")])
    assert result.exit_code == 0, result.output
    text = first[NAME].decode("utf-8-sig")
    # Every transcript paragraph of the source, whole, on its own line.
    body = seed_text().split("## Transcription", 1)[1].split("## ", 1)[0]
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    lines = text.split("\r\n")
    for paragraph in paragraphs:
        expected = re.sub(r"_(via)_", r"\1", paragraph)
        assert any(line.replace("\u00a0", " ") == expected for line in lines), expected[:60]


def text_lines(text: str) -> list[str]:
    """Lines with words, the setext underlines left out."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not re.fullmatch(r"[=-]+", line)]


def test_h5p_carries_the_same_text_in_a_second_accordion_panel():
    exporter = H5PExporter()
    members = exporter.files(small_resource(), None, Settings())
    assert exporter.check(members, "ressource.h5p", Settings()) == []
    # No file to link to (see h5p/content.py): the package holds only the two JSON files.
    assert sorted(members) == ["content/content.json", "h5p.json"]
    content = json.loads(members["content/content.json"])
    accordion = next(i["content"] for i in content["content"] if i["content"]["library"].startswith("H5P.Accordion"))
    panels = accordion["params"]["panels"]
    assert [p["title"] for p in panels] == [
        "Transcription de la vidéo",
        "Version texte complète (à copier ou imprimer)",
    ]
    html = panels[1]["content"]["params"]["text"]
    shown = lxml_html.fromstring(f"<div>{html.replace('<br>', chr(10))}</div>")
    blocks = [element.text_content() for element in shown]
    assert text_lines("\n".join(blocks)) == text_lines(EXPECTED.decode("utf-8-sig"))
    assert shown.xpath("//a/@href") == [small_resource().video_page_url]
