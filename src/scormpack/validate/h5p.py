"""Checks of an .h5p package: zip layout, h5p.json, and content.json against schemas/h5p/.

H5P itself checks little at upload (layout, h5p.json, JSON parses) and, at display time, silently
drops unknown keys, wrong library strings and markup it does not allow; every one of those is
reported here instead, with a stable rule id, before a package is written or uploaded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any

from scormpack.h5p.profiles import PROFILES
from scormpack.h5p.schemas import H5P_JSON_SCHEMA, PARAMS_SCHEMAS, PLAIN_TEXT_KEYWORD, TAGS_KEYWORD, validator_for
from scormpack.validate.findings import Finding
from scormpack.validate.rules import Rule, finding, register_rules
from scormpack.validate.sources import MemberUnreadable

H5P_JSON = "h5p.json"
CONTENT_JSON = "content/content.json"


H5P_RULES: tuple[Rule, ...] = (
    Rule(
        "H5P-EXTENSION",
        "h5p",
        "error",
        "The package name ends in `.h5p` and every file under content/ has an extension H5P allows.",
        "H5P refuses another package extension and any package holding a content file it does not allow.",
        "Name the file `<slug>.h5p`; keep only json, images, audio, video, vtt, pdf or txt under content/.",
    ),
    Rule(
        "H5P-EXTENSION-PLATFORM",
        "h5p",
        "warning",
        "Content files use extensions every Moodle version allows (svg, xml, gltf and glb do not).",
        "Moodle ≤ 4.3 refuses gltf/glb content and Moodle 4.4+ refuses svg/xml.",
        "Convert the file (e.g. svg to png).",
    ),
    Rule(
        "H5P-ZIP-LAYOUT",
        "h5p",
        "error",
        "The zip holds `h5p.json` and `content/content.json` (lower case, at those paths), and file entries only.",
        "H5P refuses a package without them, and checks a folder record such as `content/` like a file "
        "whose extension is not allowed.",
        "Zip the two files at exactly those paths, without adding the folders themselves.",
    ),
    Rule(
        "H5P-SKIPPED-PATH",
        "h5p",
        "warning",
        "No entry name, nor any folder in it, starts with `.` or `_`.",
        "H5P skips such entries on upload.",
        "Rename the file or folder, or leave it out.",
    ),
    Rule(
        "H5P-UNEXPECTED-FILE",
        "h5p",
        "warning",
        "At the top of the zip there is no file but h5p.json.",
        "H5P ignores other top-level files.",
        "Move the file under content/ or leave it out.",
    ),
    Rule(
        "H5P-LIBRARY-FOLDER",
        "h5p",
        "warning",
        "The package bundles no library folders.",
        "Moodle installs bundled libraries only for users allowed to update libraries; for a "
        "teacher the site's own libraries are used anyway.",
        "Leave library folders out; ask the site administrator to install the content types.",
    ),
    Rule(
        "H5P-JSON",
        "h5p",
        "error",
        "h5p.json and content/content.json are UTF-8 JSON objects (strict JSON: no NaN or Infinity, no "
        "lone surrogate escape, at most 100 levels deep), and h5p.json follows the rules the H5P core "
        "checks (title, language, mainLibrary, embedTypes, dependencies, licence, authors).",
        "Moodle says « The main h5p.json file is not valid » or cannot read the content.",
        "Save the file as UTF-8 JSON without a BOM, and fix the key the message names.",
    ),
    Rule(
        "H5P-DEPENDENCY",
        "h5p",
        "error",
        "Every library the content uses is in preloadedDependencies at the same major.minor, once.",
        "The site loads only the listed libraries; content of an unlisted one does not run.",
        "List each library of the content as {machineName, majorVersion, minorVersion}.",
    ),
    Rule(
        "H5P-DEPENDENCY-UNUSED",
        "h5p",
        "warning",
        "preloadedDependencies lists only the main library and libraries the content uses.",
        "The upload fails on a site that lacks a listed library, even an unused one.",
        "Remove the dependency.",
    ),
    Rule(
        "H5P-PROFILE",
        "h5p",
        "error",
        "The library versions are those of the platform profile (h5p_profile).",
        "A site runs content only with libraries at exactly the major.minor it has installed.",
        "Build with the profile of the target site (moodle-4.4+ or magistere).",
    ),
    Rule(
        "H5P-PROFILE-UNKNOWN",
        "h5p",
        "warning",
        "The library versions are those of one of scormpack's platform profiles.",
        "The package may target another site; scormpack cannot tell which sites will run it.",
        "Nothing to fix if the package targets a site scormpack has no profile for.",
    ),
    Rule(
        "H5P-CONTENT-SCHEMA",
        "h5p",
        "error",
        "content.json has every field its libraries' semantics do not mark optional, no unknown key, "
        "and values of the right type, range and option (schemas/h5p/).",
        "H5P drops unknown keys silently and shows English defaults or breaks where a field is missing.",
        "Add, rename or remove the field at the given path.",
    ),
    Rule(
        "H5P-CONTENT-UNCHECKED",
        "h5p",
        "warning",
        "content.json belongs to a library version scormpack has a schema for.",
        "Only the package layout and h5p.json were checked.",
        "Nothing to fix if the package comes from another tool.",
    ),
    Rule(
        "H5P-LIBRARY",
        "h5p",
        "error",
        "Every `library` string is one of the options its parent's semantics offer, e.g. `H5P.DragText 1.10`.",
        "H5P drops the sub-content at display time (« The version of the H5P library … is not valid »).",
        "Write the option string exactly: machine name, a space, major.minor.",
    ),
    Rule(
        "H5P-HTML-TAGS",
        "h5p",
        "error",
        "HTML fields hold only the tags their semantics allow (plus div, span, p, br).",
        "H5P removes other tags, so the content shown differs from the content built.",
        "Write the text with the allowed tags only.",
    ),
    Rule(
        "H5P-PLAIN-TEXT-MARKUP",
        "h5p",
        "error",
        "Plain-text fields (those without tags in the semantics) hold no markup nor HTML entities.",
        "H5P escapes them: the learner would see the tags or entities as typed.",
        "Write the text without tags; use the character itself instead of an entity.",
    ),
    Rule(
        "H5P-SUBCONTENT-ID",
        "h5p",
        "error",
        "No two sub-contents share a subContentId.",
        "xAPI statements and saved states are keyed on it; duplicates mix up the learners' answers.",
        "Give each sub-content its own UUID.",
    ),
    Rule(
        "H5P-DRAGTEXT",
        "h5p",
        "error",
        "A Drag the Words text has at least one `*answer*` drop zone.",
        "Without one the exercise has nothing to drag.",
        "Mark each answer with asterisks: `statement : *answer*`.",
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in H5P_RULES}
register_rules(*H5P_RULES)

# Default whitelists of content files: Moodle ≤ 4.3 (h5plib_v124) and 4.4+ (v127).
# Kept as the core writes them, a space-separated list, so that the two compare by eye.
_COMMON_EXTENSION_LIST = (
    "json png jpg jpeg gif bmp tif tiff eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf rtf doc "
    "docx xls xlsx ppt pptx odt ods odp csv diff patch swf md textile vtt webvtt"
)
_COMMON_EXTENSIONS = frozenset(_COMMON_EXTENSION_LIST.split())
_SOME_PLATFORMS = frozenset({"svg", "xml", "gltf", "glb"})
_LIBRARY_FOLDER = re.compile(r"[\w.-]{1,255}")
_LIBRARY_REF = re.compile(r"^(?P<name>\S+) (?P<major>\d+)\.(?P<minor>\d+)$")
_DROP_ZONE = re.compile(r"\*[^*\n]+\*")
# Our content.json is 9 levels deep; nesting content types in one another adds a few levels each.
# Past this, the schema validator gives up (at ~250) and PHP's json_decode (at 512).
MAX_JSON_DEPTH = 100


def check_h5p_members(members: Mapping[str, bytes], label: str, *, profile: str | None = None) -> list[Finding]:
    """Every finding for an .h5p given as its members (name → bytes, directory records included).

    `label` names the package in messages (and its extension is checked); `profile` names the
    platform profile the versions must match, or None to accept any of scormpack's profiles.
    """
    check = _Check(label)
    check.layout(members)
    meta = check.load_json(members, H5P_JSON)
    content = check.load_json(members, CONTENT_JSON)
    deps: dict[str, tuple[int, int]] | None = None
    if meta is not None:
        deps = check.h5p_json(meta, profile)
    if content is not None and meta is not None and deps is not None:
        check.content(meta, deps, content)
    return check.findings


class _Check:
    def __init__(self, label: str) -> None:
        self.label = label
        self.findings: list[Finding] = []

    def add(
        self,
        rule_id: str,
        message: str,
        member: str | None = None,
        *,
        line: int | None = None,
        where: str | None = None,
    ) -> None:
        self.findings.append(finding(rule_id, self.label, message, member=member, line=line, xpath=where))

    # --- the container ---------------------------------------------------------------------------
    def layout(self, members: Mapping[str, bytes]) -> None:
        suffix = PurePosixPath(self.label).suffix
        if suffix and suffix != ".h5p":
            self.add("H5P-EXTENSION", f"the package name ends in {suffix!r}, not '.h5p'")
        names = list(members)
        for name in names:
            parts = name.rstrip("/").split("/")
            if name.endswith("/"):
                self.add("H5P-ZIP-LAYOUT", "directory record in the zip (write file entries only)", name)
                continue
            if any(part.startswith((".", "_")) for part in parts):
                self.add("H5P-SKIPPED-PATH", "H5P skips this entry (a name starting with '.' or '_')", name)
                continue
            if len(parts) == 1:
                if name != H5P_JSON:
                    self.add("H5P-UNEXPECTED-FILE", "a top-level file other than h5p.json", name)
            elif parts[0] == "content":
                self._extension(name)
            elif _LIBRARY_FOLDER.fullmatch(parts[0]):
                self.add("H5P-LIBRARY-FOLDER", f"library folder {parts[0]!r} bundled", name)
            else:
                self.add("H5P-ZIP-LAYOUT", f"top-level folder {parts[0]!r} is not a valid library folder name", name)
        for required in (H5P_JSON, CONTENT_JSON):
            if required not in members:
                near = [n for n in names if n.lower().endswith(required.lower())]
                hint = f" (found {near[0]!r}: the path is case-sensitive and must be exact)" if near else ""
                self.add("H5P-ZIP-LAYOUT", f"{required} is missing{hint}")

    def _extension(self, name: str) -> None:
        extension = PurePosixPath(name).suffix.lower().lstrip(".")
        if extension in _SOME_PLATFORMS:
            self.add("H5P-EXTENSION-PLATFORM", f"'.{extension}' is allowed on some Moodle versions only", name)
        elif extension not in _COMMON_EXTENSIONS:
            self.add("H5P-EXTENSION", f"content file extension '.{extension}' is not allowed by H5P", name)

    def load_json(self, members: Mapping[str, bytes], name: str) -> dict[str, Any] | None:
        try:
            data = members.get(name)
        except MemberUnreadable as exc:
            self.add("ZIP-UNREADABLE", str(exc), name)
            return None
        if data is None:
            return None
        try:
            # No BOM: PHP's json_decode refuses it. Nor NaN or Infinity, which are not JSON either.
            value = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
        except UnicodeDecodeError as exc:
            self.add("H5P-JSON", f"not UTF-8 (byte {exc.start})", name)
            return None
        except json.JSONDecodeError as exc:
            self.add("H5P-JSON", f"not valid JSON: {exc.msg}", name, line=exc.lineno)
            return None
        except _NotJson as exc:
            self.add("H5P-JSON", f"not valid JSON: {exc}", name)
            return None
        except RecursionError:
            self.add("H5P-JSON", f"nested more than {MAX_JSON_DEPTH} levels deep", name)
            return None
        except ValueError:  # an integer past Python's 4,300 digits
            self.add("H5P-JSON", "holds a number of more than 4,300 digits", name)
            return None
        problem = _json_problem(value)
        if problem:
            self.add("H5P-JSON", problem, name)
            return None
        if not isinstance(value, dict):
            self.add("H5P-JSON", f"must be a JSON object, not {type(value).__name__}", name)
            return None
        return value

    # --- h5p.json --------------------------------------------------------------------------------
    def h5p_json(self, meta: dict[str, Any], profile: str | None) -> dict[str, tuple[int, int]] | None:
        """Check h5p.json; return its dependencies as name → (major, minor) when they are usable."""
        errors = list(validator_for(H5P_JSON_SCHEMA).iter_errors(meta))
        for error in errors:
            for message, where in _describe(error):
                self.add("H5P-JSON", message, H5P_JSON, where=where)
        title = meta.get("title")
        if isinstance(title, str) and len(title.encode("utf-8")) > 255:
            self.add(
                "H5P-JSON",
                f"title is {len(title.encode('utf-8'))} bytes long (the core allows 255 bytes)",
                H5P_JSON,
                where="/title",
            )
        if errors:
            return None
        deps: dict[str, tuple[int, int]] = {}
        for dep in meta["preloadedDependencies"]:
            name, version = dep["machineName"], (dep["majorVersion"], dep["minorVersion"])
            if name in deps:
                self.add("H5P-DEPENDENCY", f"{name} is listed more than once in preloadedDependencies", H5P_JSON)
            deps[name] = version
        if meta["mainLibrary"] not in deps:
            self.add(
                "H5P-JSON",
                f"mainLibrary {meta['mainLibrary']} is not in preloadedDependencies",
                H5P_JSON,
                where="/mainLibrary",
            )
            return None
        self._profile(deps, profile)
        return deps

    def _profile(self, deps: dict[str, tuple[int, int]], profile: str | None) -> None:
        def mismatches(name: str) -> list[str]:
            versions = PROFILES[name].versions
            return [
                f"{lib} {major}.{minor} (profile {name}: {versions[lib][0]}.{versions[lib][1]})"
                for lib, (major, minor) in deps.items()
                if lib in versions and versions[lib] != (major, minor)
            ]

        if profile is not None:
            wrong = mismatches(profile)
            if wrong:
                self.add("H5P-PROFILE", "library versions differ from the profile: " + "; ".join(wrong), H5P_JSON)
        elif all(mismatches(name) for name in PROFILES):
            # A package from elsewhere may rightly target another site: say so without failing it.
            self.add(
                "H5P-PROFILE-UNKNOWN",
                f"library versions match none of scormpack's profiles ({', '.join(PROFILES)})",
                H5P_JSON,
            )

    # --- content.json ----------------------------------------------------------------------------
    def content(self, meta: dict[str, Any], deps: dict[str, tuple[int, int]], content: dict[str, Any]) -> None:
        main = meta["mainLibrary"]
        major, minor = deps[main]
        schema = PARAMS_SCHEMAS.get(f"{main} {major}.{minor}")
        if schema is None:
            self.add("H5P-CONTENT-UNCHECKED", f"no schema for {main} {major}.{minor}", CONTENT_JSON)
        else:
            for error in validator_for(schema).iter_errors(content):
                rule = _rule_of(error)
                for message, where in _describe(error):
                    self.add(rule, message, CONTENT_JSON, where=where)
        used: dict[str, tuple[int, int]] = {}
        seen_ids: set[str] = set()
        for pointer, sub in _sub_contents(content, ""):
            match = _LIBRARY_REF.match(sub["library"])
            if match is None:
                continue  # reported by the schema as a library string that is not an option
            name, version = match["name"], (int(match["major"]), int(match["minor"]))
            used.setdefault(name, version)
            if deps.get(name) != version:
                listed = deps.get(name)
                has = f"lists {name} {listed[0]}.{listed[1]}" if listed else f"does not list {name}"
                self.add(
                    "H5P-DEPENDENCY",
                    f"the content uses {sub['library']} but h5p.json {has}",
                    CONTENT_JSON,
                    where=pointer + "/library",
                )
            sub_id = sub.get("subContentId")
            if isinstance(sub_id, str):
                if sub_id in seen_ids:
                    self.add(
                        "H5P-SUBCONTENT-ID",
                        f"subContentId {sub_id} is used twice",
                        CONTENT_JSON,
                        where=pointer + "/subContentId",
                    )
                seen_ids.add(sub_id)
            text = sub["params"].get("textField")
            if name == "H5P.DragText" and isinstance(text, str) and not _DROP_ZONE.search(text):
                self.add(
                    "H5P-DRAGTEXT",
                    "textField has no *answer* drop zone",
                    CONTENT_JSON,
                    where=pointer + "/params/textField",
                )
        for name in deps:
            if name != main and name not in used:
                self.add("H5P-DEPENDENCY-UNUSED", f"{name} is listed but the content does not use it", H5P_JSON)


class _NotJson(ValueError):
    """A token Python's json module accepts but JSON (and PHP's json_decode) does not."""


def _refuse_constant(token: str) -> Any:
    raise _NotJson(f"{token} is not a JSON value (PHP's json_decode refuses it)")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_problem(value: Any) -> str | None:
    """What makes a parsed document unusable though Python parsed it: too deep a nesting (the
    schema validator and PHP's json_decode both have a limit), or an escaped lone surrogate
    (`"\\ud800"`), which is no Unicode text and which json_decode refuses."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"nested more than {MAX_JSON_DEPTH} levels deep"
        if isinstance(item, dict):
            for key, child in item.items():
                if _SURROGATE.search(key):
                    return f"the key {_escaped(key)} holds a lone surrogate escape (not Unicode text)"
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and _SURROGATE.search(item):
            return f"the string {_escaped(item)} holds a lone surrogate escape (not Unicode text)"
    return None


def _escaped(text: str) -> str:
    shown = text if len(text) <= 40 else text[:39] + "…"
    return json.dumps(shown)  # ASCII, so the surrogate is shown as its escape


def _sub_contents(value: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every `library` field value (an object with a library string and params), with its JSON pointer."""
    if isinstance(value, dict):
        if isinstance(value.get("library"), str) and isinstance(value.get("params"), dict):
            yield pointer, value
        children: Any = value.items()
    else:
        children = enumerate(value)
    for key, child in children:
        # Strings, numbers and booleans are most of the tree and hold no sub-content.
        if isinstance(child, dict | list):
            yield from _sub_contents(child, f"{pointer}/{key}")


def _pointer(error: Any) -> str:
    return "".join(f"/{part}" for part in error.instance_path)


def _keyword(error: Any) -> str:
    """The schema keyword that failed (the custom ones included)."""
    return str(error.schema_path[-1]) if error.schema_path else error.kind.name


def _rule_of(error: Any) -> str:
    keyword = _keyword(error)
    if keyword == TAGS_KEYWORD:
        return "H5P-HTML-TAGS"
    if keyword == PLAIN_TEXT_KEYWORD:
        return "H5P-PLAIN-TEXT-MARKUP"
    path = error.instance_path
    if keyword == "enum" and path and path[-1] == "library":
        return "H5P-LIBRARY"
    return "H5P-CONTENT-SCHEMA"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _describe(error: Any) -> Iterator[tuple[str, str]]:
    """(message, JSON pointer) in scormpack's words; one per key for required and unknown-key errors."""
    where = _pointer(error)
    at = where or "/"
    kind = error.kind
    keyword = _keyword(error)
    if keyword == "required":
        yield f"at {at}: required field {kind.property!r} is missing", f"{where}/{kind.property}"
    elif keyword == "additionalProperties":
        for name in kind.unexpected:
            yield f"at {at}: unknown key {name!r} (H5P drops it silently)", f"{where}/{name}"
    elif keyword == "enum" and where.endswith("/library") and isinstance(error.instance, str):
        machine = error.instance.split(" ", 1)[0]
        same = [o for o in kind.options if isinstance(o, str) and o.split(" ", 1)[0] == machine]
        expected = f"expected {same[0]!r}" if same else "the parent offers no such library"
        yield f"at {at}: library {error.instance!r} is not an option of its parent ({expected})", where
    elif keyword == "enum":
        options = list(kind.options)
        shown = ", ".join(_short(o) for o in options[:8]) + (", …" if len(options) > 8 else "")
        yield f"at {at}: {_short(error.instance)} is not one of {shown}", where
    elif keyword in {TAGS_KEYWORD, PLAIN_TEXT_KEYWORD}:
        yield f"at {at}: {kind.message}", where
    else:
        # jsonschema-rs's own sentence, with the instance cut short (it may be a whole object).
        message = error.message if len(error.message) <= 160 else error.message[:157] + "…"
        yield f"at {at}: {message}", where
