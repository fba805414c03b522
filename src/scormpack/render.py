"""Render the lesson (HTML + its local assets) from a Resource and its Quiz, with jinja2."""

from __future__ import annotations

import hashlib
import json
import random
import re
import tomllib
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from scormpack import __version__
from scormpack.data import templates_dir
from scormpack.model import Quiz, Resource
from scormpack.text import french_typography, inline_html

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


def _rng(seed_text: str) -> random.Random:
    digest = hashlib.sha256(seed_text.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def quiz_view(resource: Resource, quiz: Quiz, attempts: int) -> QuizView:
    """Shuffle roles and actors, deterministically for a given package and quiz."""
    pairs = list(quiz.pairs)
    fingerprint = resource.slug + "\n" + "\n".join(f"{p.id}\t{p.actor}\t{p.role}" for p in pairs)
    order = list(range(len(pairs)))
    _rng("roles\n" + fingerprint).shuffle(order)
    actor_order = list(range(len(pairs)))
    rng = _rng("actors\n" + fingerprint)
    rng.shuffle(actor_order)
    # A list that happens to put every actor in front of its own role gives the answers away.
    if len(pairs) > 1 and actor_order == order:
        actor_order = actor_order[1:] + actor_order[:1]
    target_of = {pair_index: TARGET_CHARS[rank] for rank, pair_index in enumerate(actor_order)}
    items = tuple(
        QuizItem(
            id=pairs[i].id,
            source=SOURCE_CHARS[rank],
            answer=target_of[i],
            role_html=Markup(inline_html(pairs[i].role)),
        )
        for rank, i in enumerate(order)
    )
    options = tuple(
        QuizOption(target=target_of[i], label_html=Markup(inline_html(pairs[i].actor))) for i in actor_order
    )
    return QuizView(items=items, options=options, attempts=attempts)


# A link whose text is its own address (a markdown autolink): the print view need not repeat it.
_BARE_LINK = re.compile(r'<a href="([^"]+)"([^>]*)>\1</a>')


def _marked(html: str) -> Markup:
    return Markup(_BARE_LINK.sub(r'<a class="bare-link" href="\1"\2>\1</a>', html))


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
        transcript_html=[_marked(inline_html(p)) for p in resource.transcript],
        notes_html=[_marked(inline_html(n)) for n in resource.credits_notes],
        quiz=view,
        quiz_json=quiz_json,
        transcript_file=transcript_file,
    )


def lesson_assets(runtime_script: str) -> dict[str, bytes]:
    names = ("lesson.css", "lesson.js", runtime_script, "transcript.css", "transcript.js")
    return {f"assets/{name}": asset_bytes(name) for name in names}
