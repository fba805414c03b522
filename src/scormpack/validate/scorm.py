"""The SCORM checker: find and parse the manifest, pick the version, run the XSDs, then the rules."""

from __future__ import annotations

from collections.abc import Mapping

from scormpack.validate import scorm_files, scorm_rules
from scormpack.validate.findings import Finding
from scormpack.validate.names import locate_manifest
from scormpack.validate.rules import finding
from scormpack.validate.safexml import MANIFEST, parse_manifest
from scormpack.validate.schema_check import VALIDATORS
from scormpack.validate.scorm_rules import SCORM12, Manifest
from scormpack.validate.sources import MemberUnreadable
from scormpack.validate.xsd_sets import SchemaUnavailable

# Rules whose finding says more than the XSD error on the same element; the XSD one is dropped.
_SHADOWING = {"SCORM-TIMELIMITACTION", "SCORM-DATAFROMLMS", "SCORM-MAXTIME", "SCORM-ID-DUPLICATE"}


def _schema_findings(m: Manifest) -> list[Finding]:
    try:
        errors = VALIDATORS[m.version](m.root)
    except SchemaUnavailable as err:
        return [finding("XSD-UNAVAILABLE", m.label, str(err), member=MANIFEST)]
    return [
        finding("XSD-INVALID", m.label, f"{message}" + (f" (at {path})" if path else ""),
                member=MANIFEST, line=line, xpath=path)
        for line, path, message in errors
    ]


def check_scorm_members(members: Mapping[str, bytes], label: str) -> list[Finding]:
    findings = locate_manifest(members, label)
    if findings:
        return findings
    try:
        data = members[MANIFEST]
    except MemberUnreadable as err:
        return [finding("ZIP-UNREADABLE", label, str(err), member=MANIFEST)]
    parsed = parse_manifest(data, label)
    if parsed.root is None:
        return parsed.findings
    root = parsed.root
    m = Manifest(root, label, scorm_rules.detect_version(root), list(parsed.findings), source=data)
    schema = _schema_findings(m)

    scorm_rules.check_schemaversion(m)
    scorm_rules.check_identifiers(m)
    scorm_rules.check_references(m)
    scorm_files.check_launch(m, members)  # also checks organizations@default
    scorm_files.check_files_exist(m, members)
    scorm_rules.check_scormtype(m)
    scorm_rules.check_adlcp_prefix(m)
    if m.version == SCORM12:
        scorm_rules.check_item_extensions(m)
    else:
        m.findings.append(finding(
            "SCORM-UNSUPPORTED-RULES", label,
            "SCORM 2004 package: schema, references and files checked; LOM and sequencing rules not",
            member=MANIFEST,
        ))
    scorm_files.check_schema_files(m, members)
    scorm_files.check_sco_api(m, members)
    scorm_files.check_unlisted(m, members)

    shadowed = {(f.line, f.xpath) for f in m.findings if f.rule in _SHADOWING}
    return [f for f in schema if (f.line, f.xpath) not in shadowed] + m.findings
