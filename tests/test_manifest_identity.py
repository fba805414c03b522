"""What the LMS keys its tracking on, and what catalogues read: identifiers from the file name, vCards escaped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

from scormpack.config import Settings
from scormpack.exporters.scorm12 import Scorm12Exporter
from scormpack.lom import IMSMD
from scormpack.manifest12 import IMSCP
from scormpack.model import Credit, Quiz, Resource
from scormpack.reader import read_resource

NS = {"cp": IMSCP, "md": IMSMD}


def _identifiers(resource: Resource) -> list[str]:
    manifest = Scorm12Exporter().files(resource, Quiz(pairs=()), Settings())["imsmanifest.xml"]
    root = etree.fromstring(manifest)
    return [
        value
        for el in root.iter()
        if isinstance(el.tag, str)
        for key, value in sorted(el.attrib.items())
        if key in {"identifier", "identifierref", "default"}
    ]


def test_identifiers_follow_the_file_name_not_the_content(seed_path: Path):
    seed = read_resource(seed_path)
    edited = replace(
        seed,
        title="Un tout autre titre, bien plus long que le premier",
        description="Autre description.",
        area="Domaine 2",
        transcript=seed.transcript[:1],
        credits=(Credit("Scénario", ("Quelqu'un d'autre",)),),
    )
    # A re-upload of the edited resource keeps the learners' tracking: same identifiers.
    assert _identifiers(edited) == _identifiers(seed)
    # The catalogue entry of the LOM names the same package.
    manifest = etree.fromstring(Scorm12Exporter().files(seed, Quiz(pairs=()), Settings())["imsmanifest.xml"])
    assert manifest.xpath("//md:general/md:identifier/text()", namespaces=NS) == [manifest.get("identifier")]
    renamed = replace(seed, source=seed.source.with_name("autre-nom.md"), slug="autre-nom")
    assert set(_identifiers(renamed)).isdisjoint(_identifiers(seed))


def test_vcards_escape_the_separators_of_their_fields(seed_path: Path):
    seed = read_resource(seed_path)
    resource = replace(seed, credits=(Credit("Son, image ; montage\\mixage", ("Camille Durand",)),))
    manifest = Scorm12Exporter().files(resource, Quiz(pairs=()), Settings())["imsmanifest.xml"]
    (card,) = etree.fromstring(manifest).xpath("//md:vcard/text()", namespaces=NS)
    # RFC 6350: a comma, a semicolon or a backslash inside a value is escaped, or it splits the value.
    assert "\nROLE:Son\\, image \\; montage\\\\mixage\n" in card
    assert "\nFN:Camille Durand\n" in card
