"""A non-French `language` setting reaches every place that declares the language, in both exporters."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html
from support import seed_text

from scormpack.cli import cli
from scormpack.lom import IMSMD, XML_LANG
from scormpack.validate import check_path

LANGUAGE = "de"  # no strings file for it: the interface falls back to French, the declarations must not


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("language")
    sources = folder / "sources"
    sources.mkdir()
    (sources / "ressource.md").write_text(seed_text(), encoding="utf-8")
    (sources / "scormpack.toml").write_text(f'language = "{LANGUAGE}"\nformats = ["all"]\n', encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(cli, ["build", str(sources), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _read(path, name) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def test_lesson_page_declares_the_language(built):
    page = lxml_html.fromstring(_read(built / "ressource.zip", "index.html").decode("utf-8"))
    assert page.get("lang") == LANGUAGE


def test_every_lom_language_is_the_setting(built):
    root = etree.fromstring(_read(built / "ressource.zip", "imsmanifest.xml"))
    ns = {"md": IMSMD}
    assert root.xpath("//md:general/md:language/text()", namespaces=ns) == [LANGUAGE]
    assert root.xpath("//md:metametadata/md:language/text()", namespaces=ns) == [LANGUAGE]
    # Every human-language string (title, description, keyword); vocabularies stay "x-none".
    by_parent = {
        etree.QName(s.getparent()).localname: s.get(XML_LANG)
        for s in root.iter(f"{{{IMSMD}}}langstring")
        if s.get(XML_LANG) != "x-none"
    }
    assert by_parent == {"title": LANGUAGE, "description": LANGUAGE, "keyword": LANGUAGE}
    assert check_path(built / "ressource.zip") == []


def test_h5p_json_declares_the_language(built):
    meta = json.loads(_read(built / "ressource.h5p", "h5p.json"))
    assert meta["language"] == LANGUAGE
    assert meta["defaultLanguage"] == LANGUAGE
    assert [f for f in check_path(built / "ressource.h5p") if f.is_error] == []
