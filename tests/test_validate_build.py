"""What `build` writes passes `validate`, through the command line, in every output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from scormpack.cli import cli

REPO = Path(__file__).resolve().parents[1]


def test_built_packages_validate_clean(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(REPO / "seeds"), "-o", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    packages = sorted(str(p) for p in tmp_path.glob("*.zip"))
    assert packages

    text = runner.invoke(cli, ["validate", "--strict", *packages], catch_exceptions=False)
    assert text.exit_code == 0, text.output

    as_json = runner.invoke(cli, ["validate", "--format", "json", *packages], catch_exceptions=False)
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)

    report = tmp_path / "report.xml"
    junit = runner.invoke(cli, ["validate", "--format", "junit", "-o", str(report), *packages], catch_exceptions=False)
    assert junit.exit_code == 0
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    assert not root.findall(".//failure") and not root.findall(".//error")
