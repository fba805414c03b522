"""Render the lesson (HTML + its local assets) from a Resource and its Quiz, with jinja2."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from scormpack import __version__
from scormpack.blocks_html import HtmlTarget, blocks_html, has_structure
from scormpack.data import templates_dir
from scormpack.model import Quiz, Resource
from scormpack.text import french_typography, inline_html

BLOCKS_STYLE = "transcript-blocks.css"
# One character per source and per target, as SCORM 1.2 matching responses require.
SOURCE_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"
TARGET_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class QuizItem:
    id: str
    source: str
    answer: str
    role_html: Markup


@dataclass(frozen=True)
class QuizOption:
    target: str
    label_html: Markup


@dataclass(frozen=True)
class QuizView:
    items: tuple[QuizItem, ...]
    options: tuple[QuizOption, ...]
    attempts: int


@dataclass(frozen=True)
class TranscriptLink:
    """The packaged transcript file the lesson offers for download."""

    href: str
    size: int

    @property
    def size_kb(self) -> int:
        return max(1, round(self.size / 1000))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env


@cache
def ui_strings(lang: str) -> dict:
    path = templates_dir() / f"ui.{lang}.toml"
    if not path.is_file():
        path = templates_dir() / "ui.fr.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))

    def typeset(value):
        if isinstance(value, dict):
            return {k: typeset(v) for k, v in value.items()}
        return french_typography(value) if lang.startswith("fr") else value

    return typeset(data)


@cache
def asset_bytes(name: str) -> bytes:
    return (templates_dir() / "lesson" / "assets" / name).read_bytes()


def _first_free(seed: str, alphabet: str, taken: set[str]) -> str:
    """The first free character of the sequence a pair draws from its seed (sha256 of the seed and
    a counter, not `random`, whose algorithm may change between Python versions)."""
    for counter in range(4 * len(alphabet)):  # a free one comes within a few draws unless nearly full
        digest = hashlib.sha256(f"{seed}{counter}".encode()).digest()
        char = alphabet[int.from_bytes(digest[:8], "big") % len(alphabet)]
        if char not in taken:
            return char
    return next(char for char in alphabet if char not in taken)


def _assign(identity: str, kind: str, ids: list[str], alphabet: str) -> dict[str, str]:
    """One character per pair id, drawn from the resource's identity and the id only. Pairs are
    served in the quiz's order, so a pair appended to the quiz never moves another one, and no
    wording ever counts. (No rule that looks at the ids alone can also keep every letter when a pair
    is inserted in the middle: 36 characters cannot give every possible id a letter of its own.)"""
    taken: set[str] = set()
    chosen: dict[str, str] = {}
    for pair_id in ids:
        char = _first_free(f"{kind}\n{identity}\n{pair_id}\n", alphabet, taken)
        taken.add(char)
        chosen[pair_id] = char
    return chosen


def quiz_view(resource: Resource, quiz: Quiz, attempts: int) -> QuizView:
    """Roles and actors shuffled from the resource's identity and the pairs' ids only.

    Each role keeps its source character and each actor its target letter across content edits, so
    that an interaction recorded as `3.d` means the same thing before and after a typo is fixed, and
    a saved state still restores. Roles are shown in the order of their characters, actors in the
    order of their letters: both look shuffled, and an unchanged pair keeps its place among the others.
    """
    pairs = {p.id: p for p in quiz.pairs}
    ids = list(pairs)
    identity = resource.identity
    source_of = _assign(identity, "roles", ids, SOURCE_CHARS)
    target_of = _assign(identity, "actors", ids, TARGET_CHARS)
    order = sorted(ids, key=lambda i: SOURCE_CHARS.index(source_of[i]))
    actor_order = sorted(ids, key=lambda i: TARGET_CHARS.index(target_of[i]))
    # A list that happens to put every actor in front of its own role gives the answers away; only
    # the display moves, never a letter.
    if len(ids) > 1 and actor_order == order:
        actor_order = actor_order[1:] + actor_order[:1]
    items = tuple(
        QuizItem(
            id=i,
            source=source_of[i],
            answer=target_of[i],
            role_html=Markup(inline_html(pairs[i].role)),
        )
        for i in order
    )
    options = tuple(
        QuizOption(target=target_of[i], label_html=Markup(inline_html(pairs[i].actor))) for i in actor_order
    )
    return QuizView(items=items, options=options, attempts=attempts)


# A link whose text is its own address (a markdown autolink): the print view need not repeat it.
_BARE_LINK = re.compile(r'<a href="([^"]+)"([^>]*)>\1</a>')


def _marked(html: str) -> Markup:
    return Markup(_BARE_LINK.sub(r'<a class="bare-link" href="\1"\2>\1</a>', html))


# Under the section's <h2>: a source `###` is an <h3>.
_LESSON = HtmlTarget(inline=lambda md: _marked(inline_html(md)), section_level=2)


def _script_json(data: object) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Nothing inside the JSON may close the <script> element or open a comment.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def lesson_html(
    resource: Resource,
    quiz: Quiz | None,
    *,
    runtime_script: str,
    mastery_score: int,
    attempts: int,
    lang: str = "fr",
    transcript_file: TranscriptLink | None = None,
) -> str:
    ui = ui_strings(lang)
    view = quiz_view(resource, quiz, attempts) if quiz is not None and quiz.playable else None
    quiz_json = None
    if view is not None:
        quiz_json = _script_json(
            {
                "attempts": view.attempts,
                "masteryScore": mastery_score,
                "items": [{"id": i.id, "source": i.source, "answer": i.answer} for i in view.items],
                "labels": {o.target: str(o.label_html.striptags()) for o in view.options},
                "ui": ui.get("script", {}),
            }
        )
    template = environment().get_template("lesson/index.html.j2")
    return template.render(
        lang=lang,
        version=__version__,
        resource=resource,
        ui=ui,
        runtime_script=runtime_script,
        title_html=french_typography(resource.title),
        description_html=_marked(inline_html(resource.description)),
        transcript_html=[Markup(b) for b in blocks_html(resource.transcript, _LESSON)],
        notes_html=[_marked(inline_html(n)) for n in resource.credits_notes],
        quiz=view,
        quiz_json=quiz_json,
        transcript_file=transcript_file,
        blocks_style=has_structure(resource.transcript),
    )


def lesson_assets(runtime_script: str, blocks_style: bool = False) -> dict[str, bytes]:
    """The lesson's files; `blocks_style` (see `has_structure`) adds the style sheet of lists,
    sub-headings and quotes, which the lesson then links."""
    names = ("lesson.css", "lesson.js", runtime_script, "transcript.css", "transcript.js")
    names += (BLOCKS_STYLE,) if blocks_style else ()
    return {f"assets/{name}": asset_bytes(name) for name in names}
