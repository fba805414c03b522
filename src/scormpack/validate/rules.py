"""The single table of validation rules: id → family, severity, what, why, fix.

Every check creates its findings through `finding()`, so the severity and the fix sentence come from
here; the README table (`rules_markdown()`) and the JUnit test-case grouping (`family`) read the same
table, so the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from scormpack.validate.findings import Finding, Severity

# Families group rules into one JUnit test case each; the order is the order of the checks.
FAMILIES: dict[str, str] = {
    "package": "the zip container and the file names in it",
    "xml": "the manifest is well-formed and safe to parse",
    "schema": "the manifest against the official XSDs",
    "scorm": "SCORM and LMS rules the XSDs do not express",
}
# Reported as one JUnit test case each for every package, passing or not.
CORE_FAMILIES: tuple[str, ...] = tuple(FAMILIES)


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: Severity
    what: str
    why: str
    fix: str


_RULES: tuple[Rule, ...] = (
    # --- package: container and names -------------------------------------------------------
    Rule("ZIP-UNREADABLE", "package", "error",
         "The file is a readable zip (not truncated, not encrypted, CRCs match).",
         "Moodle refuses the upload (« You must provide a valid zip file »).",
         "Re-create the zip with a standard tool (`zip -r -X ../pkg.zip .` from inside the folder)."),
    Rule("ZIP-BOMB", "package", "error",
         "Entry count, total uncompressed size and compression ratio stay under the limits, and "
         "each entry holds no more than its declared size (a ratio above deflate's 1032:1 is a lie).",
         "A zip bomb would exhaust the disk or memory of the LMS; it is refused from its declared "
         "sizes, and no entry is inflated one byte past what it declares.",
         "Remove the oversized or abnormally compressible entries; keep media out of the package."),
    Rule("ZIP-SLIP", "package", "error",
         "No entry name is absolute, contains `..`, a backslash or a drive letter.",
         "Such names can write outside the extraction folder (zip slip) or break on other systems.",
         "Zip with relative forward-slash paths from the package root."),
    Rule("ZIP-SPECIAL-FILE", "package", "error",
         "Every entry is a regular file or a folder: no symbolic link, device, FIFO or socket (in an "
         "unpacked folder, a link must lead to a file inside it).",
         "Unzipped, a symbolic link makes a page of the package point at any file of the server "
         "(e.g. /etc/passwd); a FIFO or device hangs or floods whatever reads it.",
         "Zip the files themselves (`zip -r` without `-y`), not links to them."),
    Rule("ZIP-DUPLICATE", "package", "error",
         "No two entries have the same name.",
         "Which copy an LMS extracts is undefined.",
         "Re-create the zip from a folder instead of appending to an existing archive."),
    Rule("ZIP-NAME-CLASH", "package", "error",
         "No two entries name the same file once extracted: names are compared without `./` "
         "segments and repeated slashes, ignoring case, in Unicode NFC.",
         "An unzip writes both to one file (on every system for `./a` and `a`, on Windows and macOS "
         "for case and accents): the file the LMS serves may not be the one that was checked.",
         "Keep one of the entries; re-create the zip from a folder."),
    Rule("ZIP-ENCODING", "package", "error",
         "Entries with non-ASCII names declare UTF-8 (zip flag bit 11).",
         "Without the flag, names are read as CP437 and links to accented files break after "
         "extraction.",
         "Use ASCII file names, or a zip tool that sets the UTF-8 flag (Python `zipfile`, Info-ZIP 3)."),
    Rule("ZIP-MANIFEST-MISSING", "package", "error",
         "The package contains an `imsmanifest.xml`.",
         "Without it Moodle says « Incorrect file package - missing imsmanifest.xml ».",
         "Add imsmanifest.xml at the root of the zip."),
    Rule("ZIP-MANIFEST-LOCATION", "package", "error",
         "`imsmanifest.xml` is exactly at the root, in lower case.",
         "Moodle only looks for that exact path; a manifest in a sub-folder or differently cased "
         "is refused.",
         "Zip the content of the folder, not the folder itself, and name the file imsmanifest.xml."),
    Rule("PKG-PATH-CHARS", "package", "warning",
         "File names are ASCII without spaces or URL-special characters.",
         "Such names need URL-encoding in links and are mangled by some LMS file stores.",
         "Rename the file with lower-case ASCII letters, digits, `-`, `_` and `.`."),
    Rule("PKG-SIZE", "package", "warning",
         "The package is under the configured size limit (default 100 MB).",
         "Upload limits are set per platform (M@gistère does not publish its own); big packages import slowly.",
         "Link videos from a streaming host instead of shipping them in the zip."),
    Rule("PKG-UNLISTED-FILE", "package", "warning",
         "Every file in the package is listed by a `<file href>` in the manifest.",
         "LMSs and validators other than Moodle rely on the list and may drop unlisted files.",
         "Add a `<file href=…>` for it to the resource that uses it, or remove it."),
    Rule("PKG-UNSUPPORTED", "package", "warning",
         "The package kind (e.g. H5P) has a checker installed.",
         "Only the container was checked.",
         "Update scormpack, or validate the package with the tool of its own format."),
    # --- xml ------------------------------------------------------------------------------------
    Rule("XML-MALFORMED", "xml", "error",
         "The manifest is well-formed XML.",
         "Moodle stops with « XML error … at line N »; nothing else can be checked.",
         "Fix the XML at the given line (escape `&` as `&amp;` and `<` as `&lt;` in titles)."),
    Rule("XML-UNSAFE", "xml", "error",
         "The manifest has no DTD entity declarations nor external DTD.",
         "Entities enable XXE file reads and « billion laughs » expansion; a manifest never needs "
         "them.",
         "Remove the `<!DOCTYPE …>` declaration and write the characters directly (UTF-8)."),
    Rule("XML-ENCODING", "xml", "warning",
         "The manifest is UTF-8 with an XML declaration.",
         "Other encodings or a missing declaration are a known source of import errors.",
         "Save it as UTF-8 and start it with `<?xml version=\"1.0\" encoding=\"UTF-8\"?>`."),
    # --- schema ---------------------------------------------------------------------------------
    Rule("XSD-INVALID", "schema", "error",
         "The manifest is valid against the official XSDs of its SCORM version (IMS CP, ADL CP, "
         "IMS LOM 1.2.1), element order, types and lengths included.",
         "LMSs and conformance tools reject or misread invalid manifests.",
         "Change the element or attribute at the given line as the message says."),
    Rule("XSD-UNAVAILABLE", "schema", "warning",
         "The XSDs for the declared version are available to scormpack.",
         "The manifest could not be checked against a schema.",
         "Reinstall scormpack (its schemas/ folder is missing) or use a supported version."),
    # --- scorm ----------------------------------------------------------------------------------
    Rule("SCORM-SCHEMAVERSION", "scorm", "error",
         "`metadata/schema` is `ADL SCORM` and `metadata/schemaversion` is `1.2` (or a SCORM 2004 "
         "value).",
         "Moodle picks the SCORM runtime from schemaversion; anything else is not a SCORM 1.2 "
         "package.",
         "Write `<schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>` in the manifest metadata."),
    Rule("SCORM-DEFAULT-ORG", "scorm", "error",
         "There is an organization and `organizations@default` names one of them.",
         "The LMS builds the course structure from the default organization.",
         "Set `default` to the identifier of an `<organization>`."),
    Rule("SCORM-DEFAULT-ORG-MISSING", "scorm", "warning",
         "`organizations@default` is present.",
         "Without it each LMS picks an organization its own way.",
         "Add `default=\"<organization identifier>\"` to `<organizations>`."),
    Rule("SCORM-IDREF", "scorm", "error",
         "Every `item@identifierref` and `dependency@identifierref` names a resource.",
         "A dangling reference leaves an item with nothing to launch.",
         "Point identifierref at the identifier of a `<resource>`."),
    Rule("SCORM-ID-DUPLICATE", "scorm", "error",
         "Identifiers of manifest, organizations, items and resources are unique.",
         "They share one ID space; duplicates make references ambiguous.",
         "Give every element its own identifier."),
    Rule("SCORM-LAUNCH", "scorm", "error",
         "The default organization has an item that launches a resource whose `href` exists in "
         "the package.",
         "Otherwise the learner gets an empty or broken activity.",
         "Give the item an identifierref to a resource with `href` naming a file of the package."),
    Rule("SCORM-FILE-MISSING", "scorm", "error",
         "Every `file@href` names a file present in the package.",
         "The LMS or the learner's browser will get a 404.",
         "Add the file to the zip, or fix or remove the `<file>` entry."),
    Rule("SCORM-SCORMTYPE", "scorm", "error",
         "Every resource carries `adlcp:scormtype` (`sco` or `asset`).",
         "Moodle treats a resource without it as an asset: no tracking, no score.",
         "Add `adlcp:scormtype=\"sco\"` to resources that call the SCORM API."),
    Rule("SCORM-ADLCP-PREFIX", "scorm", "error",
         "The ADL namespace is written with the literal prefix `adlcp`.",
         "Moodle's manifest parser is not namespace-aware and only knows `adlcp:` names.",
         "Declare `xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"` and use `adlcp:`."),
    Rule("SCORM-MASTERYSCORE", "scorm", "error",
         "`adlcp:masteryscore` is a number from 0 to 100.",
         "It is compared with `cmi.core.score.raw` on the 0–100 scale; other values pass or fail "
         "everyone.",
         "Write an integer or decimal between 0 and 100, e.g. `80`."),
    Rule("SCORM-MAXTIME", "scorm", "error",
         "`adlcp:maxtimeallowed` is a CMITimespan `HH[HH]:MM:SS[.SS]`.",
         "The SCO receives it as `cmi.student_data.max_time_allowed` and cannot parse other forms.",
         "Write e.g. `00:30:00`."),
    Rule("SCORM-TIMELIMITACTION", "scorm", "error",
         "`adlcp:timelimitaction` is `exit,message`, `exit,no message`, `continue,message` or "
         "`continue,no message`.",
         "The SCO receives it as `cmi.student_data.time_limit_action`; other values mean nothing.",
         "Use one of the four values, spelled exactly."),
    Rule("SCORM-DATAFROMLMS", "scorm", "error",
         "`adlcp:datafromlms` is at most 255 characters.",
         "It becomes `cmi.launch_data`, a CMIString255.",
         "Shorten it to 255 characters or less."),
    Rule("SCORM-XSD-MISSING", "scorm", "error",
         "The XSD files named by `xsi:schemaLocation` (and `ims_xml.xsd` they import) are at the "
         "root of the package.",
         "Conformance tools and some LMSs validate the manifest against the packaged XSDs.",
         "Copy the unmodified XSD files next to imsmanifest.xml."),
    Rule("SCO-NO-INITIALIZE", "scorm", "warning",
         "The files of each SCO call `LMSInitialize` (SCORM 1.2) or `Initialize` (2004).",
         "A SCO that never initializes records nothing: no completion, no score.",
         "Load a SCORM API wrapper and call it on page load, or mark the resource as an asset."),
    Rule("SCORM-TRACKING-LOST", "scorm", "warning",
         "With `--previous OLD.zip`: every SCO identifier of the old package is still in the new one.",
         "Moodle matches the SCOs of a replaced package by identifier only; it deletes the tracks of an "
         "identifier that is gone (attempts, scores, answers), and the learners' grades with them.",
         "Keep the old identifiers: for a renamed scormpack source, add `identifier: <old file name's "
         "slug>` to its front matter; otherwise add the package as a new activity."),
    Rule("SCORM-UNSUPPORTED-RULES", "scorm", "warning",
         "The SCORM version is one whose LMS rules scormpack checks fully (1.2).",
         "For SCORM 2004 only the schema, references and files are checked.",
         "Nothing to fix; validate sequencing with the ADL test suite if you use it."),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def finding(
    rule_id: str,
    package: str,
    message: str,
    *,
    member: str | None = None,
    line: int | None = None,
    xpath: str | None = None,
) -> Finding:
    """A finding whose severity and fix come from the rule table (KeyError on an unknown id)."""
    rule = RULES[rule_id]
    return Finding(rule.severity, rule.id, package, member, line, message, rule.fix, xpath)


# Families of rule ids not in the table (e.g. from a kind checker that has not registered its rules).
_PREFIX_FAMILIES = {"ZIP": "package", "PKG": "package", "XML": "xml", "XSD": "schema", "SCORM": "scorm",
                    "SCO": "scorm"}


def register_rules(*rules: Rule) -> None:
    """Let a kind checker (e.g. validate/h5p.py) add its rules to the table, README and JUnit."""
    for rule in rules:
        RULES[rule.id] = rule
        FAMILIES.setdefault(rule.family, rule.family)


def family_of(rule_id: str) -> str:
    rule = RULES.get(rule_id)
    if rule:
        return rule.family
    prefix = rule_id.split("-", 1)[0]
    return _PREFIX_FAMILIES.get(prefix, prefix.lower())


def rules_markdown() -> str:
    """The README table: one row per rule, grouped by family in check order."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| rule id | severity | what it checks | why | how to fix |",
        "| --- | --- | --- | --- | --- |",
    ]
    for family in FAMILIES:
        for rule in RULES.values():
            if rule.family == family:
                lines.append(
                    f"| `{rule.id}` | {rule.severity} | {cell(rule.what)} | {cell(rule.why)} | {cell(rule.fix)} |"
                )
    return "\n".join(lines) + "\n"
