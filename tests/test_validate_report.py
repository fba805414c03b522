"""Reporters and the `validate` command: formats, exit codes, JUnit structure."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import validate_fixtures as fx
from click.testing import CliRunner

from scormpack.validate import check_path, rules_markdown
from scormpack.validate.command import validate
from scormpack.validate.report import exit_code, render_json, render_junit, render_text
from scormpack.validate.rules import CORE_FAMILIES, RULES


def _packages(tmp_path: Path) -> tuple[Path, Path, Path]:
    good = fx.write_zip(tmp_path / "good.zip", fx.members())
    bad = fx.write_zip(tmp_path / "bad.zip", fx.broken(">80<", ">150<"))
    warned = fx.write_zip(tmp_path / "warned.zip", {**fx.members(), "extra.txt": b"x"})
    return good, bad, warned


def test_text_lines_have_severity_rule_location_and_fix(tmp_path: Path) -> None:
    _, bad, _ = _packages(tmp_path)
    text = render_text([(str(bad), check_path(bad))])
    first = text.splitlines()[0]
    assert first.startswith(f"error SCORM-MASTERYSCORE {bad}:imsmanifest.xml:")
    assert "(fix: " in first
    assert text.splitlines()[-1] == f"{bad}: INVALID (1 error(s), 0 warning(s))"


def test_json_has_findings_and_verdicts(tmp_path: Path) -> None:
    good, bad, _ = _packages(tmp_path)
    results = [(str(p), check_path(p)) for p in (good, bad)]
    document = json.loads(render_json(results))
    assert document["valid"] is False
    verdicts = {p["package"]: p["verdict"] for p in document["packages"]}
    assert verdicts == {str(good): "valid", str(bad): "invalid"}
    finding = document["packages"][1]["findings"][0]
    assert finding["rule"] == "SCORM-MASTERYSCORE" and finding["line"] and finding["fix"]


def test_junit_structure(tmp_path: Path) -> None:
    results = [(str(p), check_path(p)) for p in _packages(tmp_path)]
    root = ET.fromstring(render_junit(results))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 3
    for suite in suites:
        cases = suite.findall("testcase")
        assert len(cases) == len(CORE_FAMILIES) == int(suite.get("tests"))
        assert all(c.get("classname") == suite.get("name") and c.get("name") for c in cases)
        assert int(suite.get("failures")) == len([c for c in cases if c.find("failure") is not None])
    failing = root.find("testsuite[2]/testcase[4]/failure")
    assert failing is not None and failing.get("type") == "SCORM-MASTERYSCORE"
    assert int(root.get("failures")) == 1
    # Warnings pass, but are shown; --strict turns them into failures.
    assert root.find("testsuite[3]/testcase[1]/system-out") is not None  # PKG-UNLISTED-FILE
    strict = ET.fromstring(render_junit(results, strict=True))
    assert int(strict.get("failures")) == 2


def test_junit_survives_hostile_names() -> None:
    from scormpack.validate.rules import finding

    results = [("a\x01b<&>.zip", [finding("ZIP-SLIP", "a\x01b<&>.zip", "bad \x02 name", member="\x1f../x")])]
    assert ET.fromstring(render_junit(results)).find("testsuite").get("name") == "a\ufffdb<&>.zip"


def test_exit_codes(tmp_path: Path) -> None:
    good, bad, warned = _packages(tmp_path)
    runner = CliRunner()
    assert runner.invoke(validate, [str(good)]).exit_code == 0
    assert runner.invoke(validate, [str(warned)]).exit_code == 0
    assert runner.invoke(validate, ["--strict", str(warned)]).exit_code == 1
    result = runner.invoke(validate, [str(good), str(bad)])
    assert result.exit_code == 1
    assert "error SCORM-MASTERYSCORE" in result.output
    assert runner.invoke(validate, [str(tmp_path / "missing.zip")]).exit_code == 2
    assert runner.invoke(validate, ["--format", "yaml", str(good)]).exit_code == 2
    assert runner.invoke(validate, []).exit_code == 2


def test_junit_output_file(tmp_path: Path) -> None:
    good, bad, _ = _packages(tmp_path)
    report = tmp_path / "report.xml"
    result = CliRunner().invoke(validate, [str(good), str(bad), "--format", "junit", "-o", str(report)])
    assert result.exit_code == 1
    assert ET.parse(report).getroot().tag == "testsuites"
    assert "INVALID" in result.output  # the terminal still gets the readable report


def test_json_format_on_stdout(tmp_path: Path) -> None:
    good, _, _ = _packages(tmp_path)
    result = CliRunner().invoke(validate, ["--format", "json", str(good)])
    assert result.exit_code == 0
    assert json.loads(result.output)["packages"][0]["verdict"] == "valid"


def test_rules_table_lists_every_rule() -> None:
    table = rules_markdown()
    assert all(f"| `{rule}` |" in table for rule in RULES)
    assert len(table.strip().splitlines()) == len(RULES) + 2
    assert exit_code([]) == 0
