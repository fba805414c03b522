"""A second opinion on our manifests: xmlschema alone (XSD 1.1 mode), with the XSD files that the
package itself carries, none of scormpack's validation code."""

from __future__ import annotations

import importlib.resources
import zipfile

import pytest
from click.testing import CliRunner
from support import SEEDS
from xmlschema import XMLSchema11

from scormpack.cli import cli

# ims_xml.xsd binds the default namespace to the XML namespace, which an XML parser must refuse:
# its import is served by xmlschema's own copy of the W3C xml.xsd instead.
W3C_XML_XSD = str(importlib.resources.files("xmlschema") / "schemas" / "XML" / "xml.xsd")


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    assert CliRunner().invoke(cli, ["build", str(SEEDS), "-o", str(out)]).exit_code == 0
    (package,) = out.glob("*.zip")
    folder = out / "unpacked"
    zipfile.ZipFile(package).extractall(folder)
    return folder


def load_schema(folder):
    return XMLSchema11(
        [str(folder / n) for n in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd")],
        uri_mapper=lambda uri: W3C_XML_XSD if uri.endswith("ims_xml.xsd") else uri,
        allow="local",
    )


def test_seed_manifest_is_valid_for_an_independent_validator(unpacked):
    errors = list(load_schema(unpacked).iter_errors(str(unpacked / "imsmanifest.xml")))
    assert errors == []


def test_the_independent_validator_does_catch_errors(unpacked):
    manifest = (unpacked / "imsmanifest.xml").read_text(encoding="utf-8")
    broken = manifest.replace("<imsmd:language>fr</imsmd:language>", "<imsmd:language>fr</imsmd:language><imsmd:bogus/>")
    assert broken != manifest
    (unpacked / "broken.xml").write_text(broken, encoding="utf-8")
    assert list(load_schema(unpacked).iter_errors(str(unpacked / "broken.xml")))
