"""The lesson HTML: escaping and sanitising of everything that comes from a source."""

from __future__ import annotations

import zipfile

from click.testing import CliRunner
from lxml import html as lxml_html
from support import replace_field, seed_text

from scormpack.cli import cli

HOSTILE = '<script>alert("x")</script> <img src=x onerror="alert(1)"> [lien](javascript:alert(2))'


def build_lesson(tmp_path, write_resource, text):
    source = write_resource(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "ressource.zip") as archive:
        return archive.read("index.html").decode("utf-8")


def test_scripts_in_a_source_never_become_markup(tmp_path, write_resource):
    text = seed_text().replace("Enfin, la DSI", HOSTILE + " Enfin, la DSI")
    text = replace_field(text, "title", f"title: '{HOSTILE.replace(chr(39), chr(39) * 2)}'")
    page = build_lesson(tmp_path, write_resource, text)
    tree = lxml_html.fromstring(page)
    scripts = tree.xpath("//script")
    assert all(s.get("src", "").startswith("assets/") or s.get("type") == "application/json" for s in scripts)
    assert not tree.xpath("//img")
    assert not [el for el in tree.iter() if any(a.startswith("on") for a in el.attrib)]
    assert not tree.xpath("//a[starts-with(@href, 'javascript')]")
    assert "&lt;script&gt;" in page  # shown as text, not dropped silently


def test_markdown_inline_formatting_and_typography(tmp_path, write_resource):
    page = build_lesson(tmp_path, write_resource, seed_text())
    assert "<em>via</em>" in page
    text = lxml_html.fromstring(page).xpath("string(//section[@class='transcript'])")
    assert "«\u00a0Qui fait quoi\u00a0»" in text
    assert "objectif\u00a0:" in text
    assert "Du DRAN\u202f?" in text


def test_download_link_only_when_given(tmp_path, write_resource):
    video_links = "//a[@download][@type='video/mp4']"
    page = build_lesson(tmp_path, write_resource, seed_text())
    assert not lxml_html.fromstring(page).xpath(video_links)
    href = "https://tube.reseau-canope.fr/download/videos/f87f764b-5b4e-4219-a731-4e74cda01f25-720.mp4"
    page = build_lesson(tmp_path, write_resource, replace_field(seed_text(), "videoDownloadHref", f"videoDownloadHref: {href}"))
    assert lxml_html.fromstring(page).xpath(f"{video_links}/@href") == [href]


def test_video_iframe_attributes(tmp_path, write_resource):
    tree = lxml_html.fromstring(build_lesson(tmp_path, write_resource, seed_text()))
    (iframe,) = tree.xpath("//iframe")
    assert iframe.get("title")
    assert "allowfullscreen" in iframe.attrib
    assert iframe.get("loading") == "lazy"
    assert iframe.get("referrerpolicy") == "no-referrer"
