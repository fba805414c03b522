"""One fixture per rule: a valid package broken in exactly one way, and the rule id it must raise."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import validate_fixtures as fx

from scormpack.validate import RULES, Finding, ZipLimits, check_members, check_path, safexml
from scormpack.validate import check as check_module
from scormpack.validate import scorm as scorm_module
from scormpack.validate.rules import CORE_FAMILIES
from scormpack.validate.xsd_sets import SchemaUnavailable

LABEL = "pkg.zip"
ITEM_TITLE = "<title>Les acteurs institutionnels du numérique éducatif</title>\n        <adlcp:masteryscore>"
XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    '<manifest identifier="M">&x;</manifest>\n'
)
LAUGHS = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
) + "]>\n<manifest>&lol9;</manifest>\n"


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def mem(files: dict[str, bytes]) -> list[Finding]:
    return check_members(files, LABEL)


def with_files(**changes: bytes | None) -> dict[str, bytes]:
    files = fx.members()
    for name, data in changes.items():
        if data is None:
            files.pop(name)
        else:
            files[name] = data
    return files


def manifest_moved(new_name: str) -> dict[str, bytes]:
    files = fx.members()
    files[new_name] = files.pop("imsmanifest.xml")
    return files


def zipped(tmp: Path, files: dict[str, bytes], **kw) -> list[Finding]:
    return check_path(fx.write_zip(tmp / "pkg.zip", files, **kw))


def unreadable_zip(tmp: Path) -> list[Finding]:
    path = tmp / "pkg.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    return check_path(path)


def crc_error(tmp: Path) -> list[Finding]:
    path = fx.write_zip(tmp / "pkg.zip", fx.members(), compression=zipfile.ZIP_STORED)
    fx.corrupt_crc(path, "imsmanifest.xml")
    return check_path(path)


def scorm2004(tmp: Path) -> list[Finding]:
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"'
        ' xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">\n'
        "  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>\n"
        '  <organizations default="O"><organization identifier="O"><title>T</title>\n'
        '    <item identifier="I" identifierref="R"><title>T</title></item></organization></organizations>\n'
        '  <resources><resource identifier="R" type="webcontent" adlcp:scormType="sco" href="index.html">\n'
        '    <file href="index.html"/></resource></resources>\n'
        "</manifest>\n"
    )
    files = {"imsmanifest.xml": text.encode(), "index.html": b"<script>API_1484_11.Initialize('')</script>"}
    return mem(files)


def no_checker(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    monkeypatch.setattr(check_module, "checker_for", lambda kind: None)
    return mem(fx.members())


def schemas_missing(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    def unavailable(root):
        raise SchemaUnavailable("no XSD folder")

    monkeypatch.setitem(scorm_module.VALIDATORS, "scorm12", unavailable)
    return mem(fx.members())


# rule id → how to break the valid package so that exactly this rule fires (as an error or warning).
Case = Callable[..., list[Finding]]
def tracking_lost(tmp: Path) -> list[Finding]:
    """The same package with its item renamed, compared with the version an LMS holds."""
    from scormpack.validate.previous import check_previous

    old = fx.write_zip(tmp / "old.zip", fx.members())
    new = fx.write_zip(tmp / "new.zip", fx.broken('<item identifier="ITEM-acteurs"', '<item identifier="ITEM-autre"'))
    assert check_previous(old, old) == []
    return check_previous(new, old)


CASES: dict[str, list[Case]] = {
    "ZIP-UNREADABLE": [unreadable_zip, crc_error],
    "ZIP-BOMB": [
        lambda tmp: check_path(fx.write_bomb(tmp / "bomb.zip")),
        lambda tmp: check_path(fx.write_zip(tmp / "many.zip", fx.members()), limits=ZipLimits(max_entries=5)),
        lambda tmp: check_path(fx.write_zip(tmp / "big.zip", fx.members()), limits=ZipLimits(max_uncompressed=1000)),
    ],
    "ZIP-SLIP": [
        lambda tmp: mem(with_files(**{"../evil.html": b"x"})),
        lambda tmp: zipped(tmp, {**fx.members(), "/etc/evil.html": b"x"}),
        lambda tmp: zipped(tmp, {**fx.members(), "assets\\evil.html": b"x"}),
        lambda tmp: zipped(tmp, {**fx.members(), "C:/evil.html": b"x"}),
        lambda tmp: zipped(tmp, {**fx.members(), "assets/../../evil.html": b"x"}),
    ],
    "ZIP-SPECIAL-FILE": [
        lambda tmp: check_path(fx.write_zip_with(tmp / "link.zip", [(fx.unix_entry("index.html", 0o120777), b"/etc/passwd")])),
    ],
    "ZIP-DUPLICATE": [
        lambda tmp: check_path(_duplicate_zip(tmp / "dup.zip")),
    ],
    "ZIP-NAME-CLASH": [
        lambda tmp: zipped(tmp, {**fx.members(), "INDEX.HTML": fx.INDEX_HTML}),
        lambda tmp: zipped(tmp, {**fx.members(), "./imsmanifest.xml": b"<manifest/>"}),
    ],
    "ZIP-ENCODING": [
        lambda tmp: check_path(fx.write_zip_without_utf8_flag(tmp / "cp437.zip", {**fx.members(), "vidéo.html": b"x"})),
    ],
    "ZIP-MANIFEST-MISSING": [lambda tmp: mem(with_files(**{"imsmanifest.xml": None}))],
    "ZIP-MANIFEST-LOCATION": [
        lambda tmp: mem(manifest_moved("MaRessource/imsmanifest.xml")),
        lambda tmp: mem(manifest_moved("IMSManifest.xml")),
    ],
    "PKG-PATH-CHARS": [lambda tmp: mem(with_files(**{"assets/mon image.png": b"x"}))],
    "PKG-SIZE": [lambda tmp: check_members(fx.members(), LABEL, max_total_bytes=1000)],
    "PKG-UNLISTED-FILE": [lambda tmp: mem(with_files(**{"assets/forgotten.png": b"x"}))],
    "PKG-UNSUPPORTED": [no_checker],
    "XML-MALFORMED": [
        lambda tmp: mem(fx.broken("<title>Les acteurs", "<title>Les acteurs & partenaires")),
        lambda tmp: mem(with_files(**{"imsmanifest.xml": b""})),
    ],
    "XML-UNSAFE": [
        lambda tmp: mem(with_files(**{"imsmanifest.xml": XXE.encode()})),
        lambda tmp: mem(with_files(**{"imsmanifest.xml": LAUGHS.encode()})),
        lambda tmp: mem(with_files(**{"imsmanifest.xml": XXE.replace("UTF-8", "UTF-16").encode("utf-16")})),
        lambda tmp: mem(fx.broken('<?xml version="1.0" encoding="UTF-8"?>',
                                  '<?xml version="1.0" encoding="UTF-8"?>\n'
                                  '<!DOCTYPE manifest SYSTEM "http://example.invalid/m.dtd">')),
    ],
    "XML-ENCODING": [
        lambda tmp: mem(with_files(**{"imsmanifest.xml": fx.manifest().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")})),
        lambda tmp: mem(fx.broken('<?xml version="1.0" encoding="UTF-8"?>\n', "")),
    ],
    "XSD-INVALID": [
        # adlcp:masteryscore before title: CP's item content model is title, item*, metadata, ##other.
        lambda tmp: mem(fx.broken(ITEM_TITLE + "80</adlcp:masteryscore>",
                                  "<adlcp:masteryscore>80</adlcp:masteryscore>\n        <title>T</title>")),
        # A LOM error: IMS MD 1.2.1 restricts location@type to URI / TEXT.
        lambda tmp: mem(fx.broken('<imsmd:location type="URI">', '<imsmd:location type="URL">')),
        lambda tmp: mem(fx.broken('isvisible="true"', 'isvisible="oui"')),
    ],
    "XSD-UNAVAILABLE": [schemas_missing],
    "SCORM-SCHEMAVERSION": [
        lambda tmp: mem(fx.broken("<schemaversion>1.2</schemaversion>", "<schemaversion>1.3</schemaversion>")),
        lambda tmp: mem(fx.broken("<schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>", "")),
    ],
    "SCORM-DEFAULT-ORG": [lambda tmp: mem(fx.broken('default="ORG-acteurs"', 'default="ORG-autre"'))],
    "SCORM-DEFAULT-ORG-MISSING": [lambda tmp: mem(fx.broken(' default="ORG-acteurs"', ""))],
    "SCORM-IDREF": [lambda tmp: mem(fx.broken('identifierref="RES-acteurs"', 'identifierref="RES-autre"'))],
    "SCORM-ID-DUPLICATE": [lambda tmp: mem(fx.broken('<item identifier="ITEM-acteurs"', '<item identifier="ORG-acteurs"'))],
    "SCORM-LAUNCH": [
        lambda tmp: mem(fx.broken('adlcp:scormtype="sco" href="index.html"', 'adlcp:scormtype="sco" href="start.html"')),
        lambda tmp: mem(fx.broken(' href="index.html">', ">")),
    ],
    "SCORM-FILE-MISSING": [lambda tmp: mem(with_files(**{"transcript.html": None}))],
    "SCORM-SCORMTYPE": [lambda tmp: mem(fx.broken(' adlcp:scormtype="sco"', ""))],
    "SCORM-ADLCP-PREFIX": [
        lambda tmp: mem(fx.members(fx.manifest().replace("xmlns:adlcp=", "xmlns:adl=").replace("adlcp:", "adl:"))),
    ],
    "SCORM-MASTERYSCORE": [
        lambda tmp: mem(fx.broken(">80<", ">150<")),
        lambda tmp: mem(fx.broken(">80<", ">80%<")),
    ],
    "SCORM-MAXTIME": [
        lambda tmp: mem(fx.broken(ITEM_TITLE, ITEM_TITLE.replace("<adlcp:masteryscore>", "<adlcp:maxtimeallowed>0:05:00</adlcp:maxtimeallowed>\n<adlcp:masteryscore>"))),
    ],
    "SCORM-TIMELIMITACTION": [
        lambda tmp: mem(fx.broken(ITEM_TITLE, ITEM_TITLE.replace("<adlcp:masteryscore>", "<adlcp:timelimitaction>exit</adlcp:timelimitaction>\n<adlcp:masteryscore>"))),
    ],
    "SCORM-DATAFROMLMS": [
        lambda tmp: mem(fx.broken(ITEM_TITLE, ITEM_TITLE.replace("<adlcp:masteryscore>", f"<adlcp:datafromlms>{'x' * 256}</adlcp:datafromlms>\n<adlcp:masteryscore>"))),
    ],
    "SCORM-XSD-MISSING": [lambda tmp: mem(with_files(**{"ims_xml.xsd": None}))],
    "SCO-NO-INITIALIZE": [lambda tmp: mem(with_files(**{"assets/scorm-api.js": b"function noop() {}"}))],
    "SCORM-UNSUPPORTED-RULES": [scorm2004],
    "SCORM-TRACKING-LOST": [tracking_lost],
}


def _duplicate_zip(path: Path) -> Path:
    fx.write_zip(path, fx.members())
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as archive:
        archive.writestr("index.html", fx.INDEX_HTML)  # zipfile warns "Duplicate name"
    return path


def test_every_rule_has_a_fixture() -> None:
    assert set(CASES) == {rule.id for rule in RULES.values() if rule.family in CORE_FAMILIES}


def _cases() -> list[tuple[str, int]]:
    return [(rule, i) for rule, cases in CASES.items() for i in range(len(cases))]


@pytest.mark.parametrize(("rule", "index"), _cases(), ids=[f"{r}-{i}" for r, i in _cases()])
def test_rule_fires(rule: str, index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[rule][index]
    findings = case(tmp_path, monkeypatch) if case.__code__.co_argcount == 2 else case(tmp_path)
    assert rule in rules(findings), "\n".join(map(str, findings))
    reported = [f for f in findings if f.rule == rule]
    assert all(f.severity == RULES[rule].severity and f.fix == RULES[rule].fix for f in reported)


def test_valid_package_is_clean(tmp_path: Path) -> None:
    assert mem(fx.members()) == []
    assert check_path(fx.write_zip(tmp_path / "ok.zip", fx.members())) == []


def test_valid_folder_is_clean(tmp_path: Path) -> None:
    for name, data in fx.members().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert check_path(tmp_path) == []


def test_folder_symlink_outside_is_slip(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for name, data in fx.members().items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_bytes(data)
    (tmp_path / "secret.txt").write_text("secret")
    (package / "assets" / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert "ZIP-SLIP" in rules(check_path(package))


def test_broken_fixtures_report_one_family_only() -> None:
    """A single break gives the rule under test, not a cascade (the valid package is really valid)."""
    findings = mem(fx.broken(">80<", ">150<"))
    assert rules(findings) == {"SCORM-MASTERYSCORE"}
    assert findings[0].line == fx.manifest().splitlines().index(
        "        <adlcp:masteryscore>80</adlcp:masteryscore>") + 1


def test_masteryscore_before_title_is_located() -> None:
    findings = mem(fx.broken(ITEM_TITLE + "80</adlcp:masteryscore>",
                             "<adlcp:masteryscore>80</adlcp:masteryscore>\n        <title>T</title>"))
    xsd = [f for f in findings if f.rule == "XSD-INVALID"]
    assert xsd and xsd[0].member == "imsmanifest.xml"
    assert xsd[0].xpath == "/manifest/organizations/organization/item/title"
    assert xsd[0].line == next(i for i, line in enumerate(
        fx.broken(ITEM_TITLE + "80</adlcp:masteryscore>", "<adlcp:masteryscore>80</adlcp:masteryscore>\n"
                  "        <title>T</title>")["imsmanifest.xml"].decode().splitlines(), 1)
        if "<title>T</title>" in line)
    assert "not expected" in xsd[0].message


def test_lom_errors_are_located_in_the_lom() -> None:
    findings = mem(fx.broken(
        "<imsmd:format>text/html</imsmd:format>",
        "<imsmd:format>text/html</imsmd:format>\n        <imsmd:size>grand</imsmd:size>"))
    xsd = [f for f in findings if f.rule == "XSD-INVALID"]
    assert len(xsd) == 1, findings
    assert xsd[0].xpath == "/manifest/metadata/imsmd:lom/imsmd:technical/imsmd:size"
    assert "grand" in xsd[0].message


def test_lom_element_order_error() -> None:
    # In IMS MD, general's title comes before language; swapped, the LOM is invalid.
    text = fx.manifest()
    title = text[text.index("        <imsmd:title>"):text.index("        <imsmd:catalogentry>")]
    findings = mem(fx.members(text.replace(title, "").replace(
        "        <imsmd:language>fr</imsmd:language>\n", "        <imsmd:language>fr</imsmd:language>\n" + title, 1)))
    assert [f.rule for f in findings] == ["XSD-INVALID"]
    assert findings[0].xpath.startswith("/manifest/metadata/imsmd:lom/imsmd:general")


def test_lom_errors_keep_lines_and_values() -> None:
    """A typed LOM value is checked, and errors carry the manifest's own line numbers."""
    bad = ("<imsmd:format>text/html</imsmd:format>",
           "<imsmd:format>text/html</imsmd:format>\n        <imsmd:size>grand</imsmd:size>")
    first = [f for f in mem(fx.broken(*bad)) if f.rule == "XSD-INVALID"]
    shifted = fx.manifest().replace("<metadata>", "<metadata>\n\n\n").replace(*bad)
    second = [f for f in mem(fx.members(shifted)) if f.rule == "XSD-INVALID"]
    assert second[0].line == first[0].line + 3
    good_size = fx.manifest().replace(bad[0], bad[0] + "\n<imsmd:size>1200</imsmd:size>")
    assert mem(fx.members(good_size)) == []
    assert mem(fx.members(fx.manifest("Un tout autre titre, avec &lt;b&gt; &amp; des accents : éàç"))) == []


def test_unsafe_xml_is_never_handed_to_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # Refused from the bytes alone: no entity can be expanded nor any file read, however slow or
    # hardened the parser (a count of parser uses, not a time: the machine's speed does not matter).
    uses: list[bytes] = []
    original = safexml.etree.fromstring

    def counted(data, *args, **kwargs):
        uses.append(data)
        return original(data, *args, **kwargs)

    monkeypatch.setattr(safexml.etree, "fromstring", counted)
    for text in (XXE, LAUGHS):
        findings = mem(with_files(**{"imsmanifest.xml": text.encode()}))
        assert [f.rule for f in findings if f.is_error] == ["XML-UNSAFE"]
        assert "root:" not in " ".join(f.message for f in findings)
    assert not {XXE.encode(), LAUGHS.encode()} & set(uses)
    assert mem(fx.members()) == [] and uses  # the same spy sees a safe manifest parsed


def test_zip_bomb_is_never_inflated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = fx.write_bomb(tmp_path / "bomb.zip")

    def no_open(*args, **kwargs):
        raise AssertionError("a member of a zip bomb was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_open)
    findings = check_path(path)
    assert [f.rule for f in findings] == ["ZIP-BOMB"]
    assert findings[0].member == "assets/zeros.bin"


def test_zip_slip_names_are_reported_not_extracted(tmp_path: Path) -> None:
    findings = zipped(tmp_path, {**fx.members(), "../../evil.sh": b"rm -rf /"})
    slip = [f for f in findings if f.rule == "ZIP-SLIP"]
    assert slip and slip[0].member == "../../evil.sh"
    assert not (tmp_path.parent / "evil.sh").exists()


def test_manifest_location_messages() -> None:
    sub = mem(manifest_moved("MaRessource/imsmanifest.xml"))
    assert "sub-folder" in sub[0].message and sub[0].member == "MaRessource/imsmanifest.xml"
    case = mem(manifest_moved("IMSManifest.xml"))
    assert "case" in case[0].message


def test_utf8_flagged_names_are_fine(tmp_path: Path) -> None:
    findings = zipped(tmp_path, {**fx.members(), "vidéo.html": b"x"})
    assert "ZIP-ENCODING" not in rules(findings)
    assert "PKG-PATH-CHARS" in rules(findings)


def test_lom_block_verdict_comes_from_the_schema_as_written() -> None:
    """A LOM error libxml2 finds is judged again by the imsmd file unchanged, in XSD 1.1 mode."""
    text = fx.manifest()
    title = text[text.index("        <imsmd:title>"):text.index("        <imsmd:catalogentry>")]
    moved = text.replace(title, "").replace("      </imsmd:general>", title + "      </imsmd:general>", 1)
    assert moved != text
    findings = mem(fx.members(moved))
    assert [f.rule for f in findings] == ["XSD-INVALID"]
    assert findings[0].message.startswith("Unexpected child with tag 'imsmd:title'")  # xmlschema's wording
    assert findings[0].xpath == "/manifest/metadata/imsmd:lom/imsmd:general"


def test_a_build_never_needs_xmlschema(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from scormpack.build import build_one; "
        "from scormpack.config import Settings; "
        f"r = build_one(next(Path({str(Path(__file__).resolve().parents[1])!r}, 'seeds').glob('*.md')), Settings(output_dir=Path({str(tmp_path)!r}))); "
        "assert r.ok, r.error; print('xmlschema' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
