"""Render validation results — a list of (package, findings) — as text, JSON or JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from scormpack.validate.findings import Finding
from scormpack.validate.rules import CORE_FAMILIES, FAMILIES, family_of

Results = Sequence[tuple[str, list[Finding]]]

# XML 1.0 cannot carry most control characters, which may hide in a file name of a foreign zip.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def is_valid(findings: Sequence[Finding], *, strict: bool = False) -> bool:
    """Valid: no error (and, with --strict, no warning either)."""
    return not any(f.is_error or strict for f in findings)


def exit_code(results: Results, *, strict: bool = False) -> int:
    return 0 if all(is_valid(findings, strict=strict) for _, findings in results) else 1


def _counts(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors


def render_text(results: Results, *, strict: bool = False) -> str:
    """One line per finding (`severity rule-id package:path[:line]: message (fix: …)`), then one
    verdict line per package."""
    lines: list[str] = []
    for package, findings in results:
        for f in findings:
            lines.append(f"{f} (fix: {f.fix})" if f.fix else str(f))
        errors, warnings = _counts(findings)
        verdict = "valid" if is_valid(findings, strict=strict) else "INVALID"
        lines.append(f"{package}: {verdict} ({errors} error(s), {warnings} warning(s))")
    return "\n".join(lines) + "\n"


def render_json(results: Results, *, strict: bool = False) -> str:
    packages = []
    for package, findings in results:
        errors, warnings = _counts(findings)
        packages.append({
            "package": package,
            "verdict": "valid" if is_valid(findings, strict=strict) else "invalid",
            "errors": errors,
            "warnings": warnings,
            "findings": [f.to_dict() for f in findings],
        })
    document = {"strict": strict, "valid": exit_code(results, strict=strict) == 0, "packages": packages}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render_junit(results: Results, *, strict: bool = False) -> str:
    """One <testsuite> per package, one <testcase> per rule family (GitLab/GitHub test reports)."""
    suites = ET.Element("testsuites", name="scormpack validate")
    total_tests = total_failures = 0
    for package, findings in results:
        suite = ET.SubElement(suites, "testsuite", name=_xml_text(package))
        failures = 0
        # The core families always (a passing test case is information too), plus any other
        # family a kind checker reported (e.g. H5P rules).
        families = {family: FAMILIES[family] for family in CORE_FAMILIES}
        for f in findings:
            family = family_of(f.rule)
            families.setdefault(family, FAMILIES.get(family, family))
        for family, description in families.items():
            mine = [f for f in findings if family_of(f.rule) == family]
            case = ET.SubElement(
                suite, "testcase", classname=_xml_text(package), name=f"{family}: {description}"
            )
            failing = [f for f in mine if f.is_error or strict]
            if failing:
                failures += 1
                failure = ET.SubElement(
                    case, "failure", type=failing[0].rule,
                    message=_xml_text(f"{len(failing)} finding(s); first: {failing[0].message}"),
                )
                failure.text = _xml_text("\n".join(f"{f} (fix: {f.fix})" for f in failing))
            passing = [f for f in mine if f not in failing]
            if passing:
                ET.SubElement(case, "system-out").text = _xml_text("\n".join(str(f) for f in passing))
        suite.set("tests", str(len(families)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += len(families)
        total_failures += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit}
