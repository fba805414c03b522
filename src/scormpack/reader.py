"""Read a markdown resource into a `Resource`, or say precisely what is wrong with it.

Reading is kept apart from writing (as in Pelican's readers): nothing here knows about packages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from scormpack import strict_yaml
from scormpack.errors import SourceError
from scormpack.markdown_blocks import CODE_BLOCK, read_blocks
from scormpack.model import Credit, Resource
from scormpack.source_text import (
    DEFAULT_MAX_SOURCE_MB,
    decode,
    describe_bad_character,
    first_bad_character,
    read_regular,
)
from scormpack.text import file_slug, inline_plain_text, plain_text, slugify

REQUIRED_TEXT_FIELDS = ("area", "title", "description")
KNOWN_FIELDS = (*REQUIRED_TEXT_FIELDS, "videoEmbedSrc", "videoDownloadHref", "identifier")
# What `slugify` gives, so that a resource renamed from `a.md` keeps its tracking with `identifier: a`.
_IDENTIFIER = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
DEFAULT_VIDEO_HOSTS = ("tube.reseau-canope.fr",)
# The longest <title> the IMS CP 1.1.2 schema allows (titleType, maxLength 200).
MAX_TITLE = 200

_VIDEO_ID = r"[A-Za-z0-9][A-Za-z0-9-]{7,63}"
_EMBED_PATH = re.compile(rf"/videos/embed/{_VIDEO_ID}")
_DOWNLOAD_PATH = re.compile(
    rf"/download/(?:videos|streaming-playlists/hls/videos)/{_VIDEO_ID}(?:-[0-9]{{3,4}}(?:-fragmented)?)?\.mp4"
)
_WATCH_PATH = re.compile(rf"/(?:w|videos/watch)/({_VIDEO_ID})")
# RFC 3986: what a URI may hold literally; anything else must be percent-encoded.
_NOT_URL = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# A PeerTube embed's options (start=30, autoplay=1, title=0, muted…): names and plain values.
_QUERY = re.compile(r"[A-Za-z][\w.-]*(=[\w.%:-]*)?(&[A-Za-z][\w.-]*(=[\w.%:-]*)?)*")
_CREDIT_ITEM = re.compile(r"^\s*\*\*(?P<role>[^*]+?)\*\*\s*:\s*(?P<names>.+?)\s*$")
_NAME_SEPARATORS = re.compile(r"\s*[,;]\s*")


def _block_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


_PARSER = _block_parser()


def read_resource(
    path: Path, video_hosts: Iterable[str] = DEFAULT_VIDEO_HOSTS, max_bytes: int = DEFAULT_MAX_SOURCE_MB * 1_000_000
) -> Resource:
    path = Path(path)
    try:
        raw = read_regular(path, max_bytes)
    except OSError as exc:
        raise SourceError(path, None, "file", f"cannot be read: {exc.strerror or exc}") from None
    text = decode(path, raw)
    located, body, body_line = _split_front_matter(path, text)
    meta = {key: node.plain() for key, node in located.items()}
    fm_lines = {key: node.key_line for key, node in located.items()}
    hosts = tuple(video_hosts)

    def fail(field: str, message: str) -> SourceError:
        return SourceError(path, fm_lines.get(field, 1), field, message)

    for key in meta:
        if key not in KNOWN_FIELDS:
            raise fail(str(key), f"unknown field (expected only {', '.join(KNOWN_FIELDS)})")
    values: dict[str, str] = {}
    for key in REQUIRED_TEXT_FIELDS:
        if key not in meta:
            raise SourceError(path, 1, key, "missing (a non-empty text is required)")
        value = "" if meta[key] is None else meta[key]
        if isinstance(value, strict_yaml.NotText):
            raise fail(key, f"must be text: {value}")
        if not isinstance(value, str):
            raise fail(key, f"must be text, got {type(value).__name__} (quote the value)")
        if not value.strip():
            raise fail(key, "is empty (a non-empty text is required)")
        values[key] = " ".join(value.split())
    if len(values["title"]) > MAX_TITLE:
        # imscp_rootv1p1p2.xsd's titleType: said here, on the source's line, not as a schema error.
        length = len(values["title"])
        raise fail("title", f"{length} characters, more than SCORM's {MAX_TITLE} (shorten it to {MAX_TITLE} at most)")

    embed = meta.get("videoEmbedSrc")
    if embed is None or (isinstance(embed, str) and not embed.strip()):
        raise fail("videoEmbedSrc", "missing (a PeerTube embed URL is required)")
    embed = _check_url(
        embed, hosts, _EMBED_PATH, "https://<host>/videos/embed/<id>", lambda m: fail("videoEmbedSrc", m)
    )
    download = meta.get("videoDownloadHref")
    if download is not None and not (isinstance(download, str) and not download.strip()):
        download = _check_url(
            download,
            hosts,
            _DOWNLOAD_PATH,
            "https://<host>/download/videos/<id>.mp4",
            lambda m: fail("videoDownloadHref", m),
            allow_query=False,
        )
    else:
        download = None

    identifier = _identifier(meta, fail)

    transcript, (transcript_text, transcript_text_lines), transcript_line, credits, notes = _read_body(
        path, body, body_line
    )
    slug = file_slug(path.stem)
    if not slug:
        raise SourceError(path, None, "file name", "gives an empty slug (use letters or digits)")
    return Resource(
        source=path,
        slug=slug,
        area=values["area"],
        title=values["title"],
        description=values["description"],
        video_embed_src=embed,
        video_download_href=download,
        transcript=transcript,
        credits=credits,
        credits_notes=notes,
        transcript_line=transcript_line,
        transcript_text=transcript_text,
        transcript_text_lines=transcript_text_lines,
        identifier=identifier,
    )


def _identifier(meta: dict[str, object], fail: Callable[[str, str], SourceError]) -> str:
    """The `identifier:` field, "" when the line is absent. A line that is there but empty (`~`,
    `null`, `""`) is refused: falling back to the file name's slug would, after a rename, make Moodle
    delete the learners' tracking, which is what the line was written to prevent."""
    if "identifier" not in meta:
        return ""
    value = meta["identifier"]
    expected = "lower-case ASCII letters, digits and '-', at most 80, as the old file name's slug"
    empty = value is None or (isinstance(value, strict_yaml.NotText) and value.read_as == "null")
    if empty or (isinstance(value, str) and not value.strip()):
        raise fail("identifier", f"is empty (expected {expected}; or remove the line to use this file's name)")
    shown = value.raw if isinstance(value, strict_yaml.NotText) else value
    if not (isinstance(value, str) and _IDENTIFIER.fullmatch(value)):
        raise fail("identifier", f"{shown!r} is not a package identifier (expected {expected})")
    return value


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, strict_yaml.Located], str, int]:
    if not text.startswith("---\n"):
        raise SourceError(path, 1, "front matter", "missing (the file must start with a '---' line)")
    end = re.search(r"^---[ \t]*$", text[4:], flags=re.MULTILINE)
    if end is None:
        raise SourceError(path, 1, "front matter", "not closed (expected a second '---' line)")
    front = text[4 : 4 + end.start()]
    try:
        root = strict_yaml.load(path, front, first_line=2)
    except strict_yaml.YamlSyntaxError as exc:
        line = exc.line or 1
        problem = exc.problem
        field = "front matter"
        source_line = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
        key = re.match(r"([A-Za-z_][\w-]*)\s*:\s+(.*)", source_line)
        if key and "mapping values are not allowed" in problem:
            # French typography puts a space before ':', which YAML reads as a nested mapping.
            field = key.group(1)
            problem += f' (a value containing ": " must be quoted: {field}: "{key.group(2)}")'
        raise SourceError(path, line, field, f"invalid YAML: {problem}") from None
    if root is not None and not isinstance(root.value, dict):
        raise SourceError(path, 2, "front matter", "must be a mapping of 'field: value' lines")
    body_start = 4 + end.end() + 1
    body_line = text[:body_start].count("\n") + 1
    return ({} if root is None else root.value), text[body_start:], body_line


def _check_url(value, hosts, path_pattern, expected, fail, allow_query: bool = True) -> str:
    if not isinstance(value, str):
        raise fail(f"must be a URL, got {type(value).__name__} (expected {expected})")
    url = value.strip()
    # Checked before urlsplit, which silently drops tabs and newlines (as browsers do) while the
    # raw value would still go into the page.
    bad = _NOT_URL.search(url)
    if bad is not None:
        char = bad.group()
        shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        raise fail(f"the character {shown} cannot be in a URL (percent-encode it, or remove it)")
    if _BAD_ESCAPE.search(url):
        raise fail("'%' must start an escape such as %20 (two hexadecimal digits)")
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise fail(f"must use https, got {url!r} (expected {expected})")
    if parts.hostname not in hosts or parts.username or parts.password or parts.port:
        allowed = ", ".join(hosts)
        raise fail(f"host {parts.hostname!r} is not an allowed video host (allowed: {allowed})")
    if not path_pattern.fullmatch(parts.path):
        watch = _WATCH_PATH.fullmatch(parts.path)
        if watch and "/embed/" in expected:
            # The address of the video's page, copied from the browser: say which one is wanted.
            embed = f"https://{parts.hostname}/videos/embed/{watch.group(1)}"
            raise fail(f"{url!r} is the video's page, not its embed address (expected {embed})")
        raise fail(f"path {parts.path!r} is not a PeerTube video address (expected {expected})")
    if parts.fragment or (parts.query and not allow_query):
        raise fail(f"unexpected query or fragment in {url!r} (expected {expected})")
    if parts.query and not _QUERY.fullmatch(parts.query):
        raise fail(f"query {parts.query!r} is not a list of name=value (expected e.g. ?start=30&autoplay=1)")
    return url


def _check_characters(path: Path, body: str, first_line: int) -> None:
    bad = first_bad_character(body)
    if bad is None:
        return
    offset, char = bad
    before = body[:offset].split("\n")
    headings = [line for line in before if line.startswith("## ")]
    field = "body"
    if headings:
        title = plain_text(headings[-1][3:])
        field = "Transcription" if _heading_is(title, "transcription") else title or "body"
        field = "Crédits" if _heading_is(title, "credits") else field
    raise SourceError(path, first_line + len(before) - 1, field, describe_bad_character(char))


def _check_nesting(path: Path, tokens: list[Token], first_line: int) -> None:
    """markdown-it stops reading, silently, at its nesting limit: everything after (a '## Crédits'
    heading included) would vanish. Blocks that come near the limit are refused instead."""
    limit = _PARSER.options.maxNesting
    section = "body"
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            title = plain_text(tokens[index + 1].content)
            section = "Transcription" if _heading_is(title, "transcription") else title
            section = "Crédits" if _heading_is(title, "credits") else section
        if token.level >= limit - 1:
            line = first_line + (token.map[0] if token.map else 0)
            message = f"lists or quotes nested too deeply (markdown is read up to {limit} levels; flatten them)"
            raise SourceError(path, line, section, message)


def _read_body(path: Path, body: str, first_line: int):
    _check_characters(path, body, first_line)
    tokens = _PARSER.parse(body)
    _check_nesting(path, tokens, first_line)
    sections = _sections(tokens)
    transcript_key = next((k for k in sections if _heading_is(k, "transcription")), None)
    credits_key = next((k for k in sections if _heading_is(k, "credits")), None)
    if transcript_key is None:
        raise SourceError(path, first_line, "Transcription", "section missing (expected a '## Transcription' heading)")
    heading_line, block = sections[transcript_key]

    def refuse(section: str) -> Callable[[Token, str], SourceError]:
        def error(token: Token, message: str) -> SourceError:
            return SourceError(path, first_line + (token.map[0] if token.map else heading_line), section, message)

        return error

    transcript = read_blocks(block, refuse("Transcription"))
    if not transcript:
        message = "section is empty (expected paragraphs or lists)"
        raise SourceError(path, first_line + heading_line, "Transcription", message)
    # The quiz reads paragraphs and list items, not sub-headings: its input is the same as before
    # sub-headings were kept.
    readable = [t for i, t in enumerate(block) if t.type == "inline" and block[i - 1].type != "heading_open"]
    transcript_text = tuple(inline_plain_text(t) for t in readable)
    transcript_text_lines = tuple(
        (first_line + t.map[0], first_line + t.map[1] - 1) if t.map else (first_line + heading_line,) * 2
        for t in readable
    )
    first_block = next((t for t in block if t.map and t.level == 0), None)
    transcript_line = first_line + (first_block.map[0] if first_block and first_block.map else heading_line)

    if credits_key is None:
        # Where it was expected: after everything else, at the end of the file.
        last_line = first_line + body.rstrip("\n").count("\n")
        raise SourceError(path, last_line, "Crédits", "section missing (expected a '## Crédits' heading)")
    _check_other_sections(path, tokens, first_line)
    heading_line, block = sections[credits_key]
    _check_credits_blocks(block, refuse("Crédits"))
    credits: list[Credit] = []
    notes: list[str] = []
    for token in block:
        if token.type != "inline":
            continue
        line = first_line + (token.map[0] if token.map else heading_line)
        if token.level == 3:  # a list item's paragraph
            match = _CREDIT_ITEM.match(token.content)
            if not match:
                raise SourceError(path, line, "Crédits", "list item must read '**Role** : names'")
            names = tuple(n for n in _NAME_SEPARATORS.split(plain_text(match["names"])) if n)
            credits.append(Credit(role=plain_text(match["role"]).strip(" :"), names=names))
        elif token.level == 1:
            notes.append(" ".join(token.content.split()))
    if not credits:
        raise SourceError(path, first_line + heading_line, "Crédits", "section has no '- **Role** : names' item")
    return transcript, (transcript_text, transcript_text_lines), transcript_line, tuple(credits), tuple(notes)


def _check_other_sections(path: Path, tokens: list[Token], first_line: int) -> None:
    """Only the first '## Transcription' and '## Crédits' are read: the text of any other level-2
    section would be missing from every package, so it is refused rather than dropped."""
    seen: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag != "h2" or token.level != 0:
            continue
        title = plain_text(tokens[index + 1].content)
        kind = next((k for k in ("transcription", "credits") if _heading_is(title, k)), None)
        if kind is not None and kind not in seen:
            seen.add(kind)
            continue
        line = first_line + (token.map[0] if token.map else 0)
        if token.markup == "-":  # a setext heading: text with a line of dashes under it
            message = (
                "a line of '-' under this text makes it a section heading, and its text would not be shown "
                "(leave an empty line before the dashes, or remove them)"
            )
        elif kind is not None:
            message = "a second section of this name would not be shown (make it one section; write a part as '### …')"
        else:
            message = (
                "unknown section, its text would not be shown (expected only '## Transcription' and '## Crédits'; "
                f"write a part of the transcript as '### {title}')"
            )
        raise SourceError(path, line, title or "body", message)


def _check_credits_blocks(block: list[Token], refuse: Callable[[Token, str], SourceError]) -> None:
    """The credits are '- **Role** : names' items and free paragraphs: anything else is refused,
    since the page shows the roles as a list of terms and would have no place for it."""
    expected = "(expected '- **Role** : names' items and paragraphs)"
    for token in block:
        kind = token.type
        if kind == "heading_open":
            raise refuse(token, f"a sub-heading is not read in the credits {expected}")
        if kind in ("bullet_list_open", "ordered_list_open") and token.level > 0:
            raise refuse(token, "a list inside a credit is not read (write one '- **Role** : names' item per role)")
        if kind == "blockquote_open":
            raise refuse(token, f"a quote is not read in the credits {expected}")
        if kind in ("code_block", "fence"):
            raise refuse(token, CODE_BLOCK.replace("transcript text", "credits"))


def _sections(tokens: list[Token]) -> dict[str, tuple[int, list[Token]]]:
    """Level-2 headings → (their line offset, the tokens up to the next level-2 heading, the
    heading's own text left out)."""
    sections: dict[str, tuple[int, list[Token]]] = {}
    current: list[Token] | None = None
    skip = 0
    for index, token in enumerate(tokens):
        # Only a heading of its own starts a section: one inside a list item or a quote is part of
        # the section, whose reader refuses it (splitting there would cut the list in two).
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
            title = plain_text(tokens[index + 1].content)
            current = []
            sections.setdefault(title, ((token.map[0] if token.map else 0), current))
            skip = 2  # the heading's text and its closing token
        elif skip:
            skip -= 1
        elif current is not None:
            # Sub-headings (and a level-1 heading, which the sections' readers refuse) stay in the section.
            current.append(token)
    return sections


def _heading_is(title: str, name: str) -> bool:
    folded = slugify(title)
    return folded == name or folded.startswith(name + "-")
