"""content/content.json: the params of H5P.Column, one item per part of the lesson.

Every field that the libraries' semantics do not mark optional is written: H5P shows English
defaults for missing UI strings and silently drops unknown keys (validation checks both).
"""

from __future__ import annotations

from html import escape
from typing import Any

from scormpack.blocks_html import HtmlTarget, blocks_html
from scormpack.h5p.html import (
    ADVANCED_TEXT_TAGS,
    DRAG_TEXT_TASK_TAGS,
    drag_text_answer,
    drag_text_statement,
    filter_html,
    plain,
)
from scormpack.h5p.ids import sub_content_id
from scormpack.h5p.profiles import ACCORDION, ADVANCED_TEXT, DRAG_TEXT, VIDEO, Profile
from scormpack.model import Quiz, Resource
from scormpack.text import NBSP, french_typography, inline_html, plain_text, typographic_apostrophes
from scormpack.transcript_file import TextVersion, as_html

LICENSE = "U"  # undisclosed: the sources carry no licence
# metadata.contentType as the editor writes it: the title in each library's library.json.
_CONTENT_TYPE = {ADVANCED_TEXT: "Text", VIDEO: "Video", ACCORDION: "Accordion", DRAG_TEXT: "Drag the Words"}

Json = dict[str, Any]

# The accordion's panel titles are h2 (hTag): a source `###` is an h3, the deepest AdvancedText
# holds; it has no <blockquote>, so a quote's paragraphs are shown as paragraphs.
_PANEL = HtmlTarget(inline=inline_html, section_level=2, deepest=3, quotes=False)


def content_json(
    resource: Resource, quiz: Quiz | None, profile: Profile, strings: Json, text: TextVersion | None = None
) -> Json:
    """The Column's params: description, video (when an mp4 is given), transcript, quiz (when playable), credits.

    With `text`, the transcript's accordion has a second panel holding the lesson's downloadable text:
    a package cannot link to a file of its own (see `_text_version_panel`).
    """
    items: list[Json] = []

    def add(library: str, purpose: str, params: Json) -> None:
        items.append(_sub(profile, library, resource.identity, purpose, strings["titles"][purpose], params))

    add(ADVANCED_TEXT, "description", {"text": _description_html(resource, strings)})
    if resource.video_download_href:
        add(VIDEO, "video", _video_params(resource.video_download_href, strings))
    add(ACCORDION, "transcript", _transcript_params(resource, profile, strings, text))
    if quiz is not None and quiz.playable:
        add(DRAG_TEXT, "quiz", _drag_text_params(quiz, strings))
    add(ADVANCED_TEXT, "credits", {"text": _credits_html(resource, strings)})
    return {"content": [{"content": item, "useSeparator": "auto"} for item in items]}


def _sub(profile: Profile, library: str, slug: str, purpose: str, title: str, params: Json) -> Json:
    """A `library` field's value; the key order is the one H5P's editor writes."""
    return {
        "library": profile.ref(library),
        "params": params,
        "subContentId": sub_content_id(slug, purpose),
        "metadata": {"contentType": _CONTENT_TYPE[library], "license": LICENSE, "title": plain(title)[:255]},
    }


def _text_html(html: str) -> str:
    return filter_html(html, ADVANCED_TEXT_TAGS)


def _description_html(resource: Resource, strings: Json) -> str:
    heading = escape(strings["headings"]["description"], quote=False)
    link = escape(strings["texts"]["video_page_link"], quote=False)
    href = escape(resource.video_page_url)
    return _text_html(
        f"<h2>{heading}</h2><p>{inline_html(resource.description)}</p>"
        f'<p><a href="{href}" target="_blank">{link}</a></p>'
    )


def _video_params(href: str, strings: Json) -> Json:
    # The mp4 stays on its host: H5P.Video plays an absolute URL as is, and the package stays small.
    return {
        "sources": [{"path": href, "mime": "video/mp4", "copyright": {"license": LICENSE}}],
        "visuals": {"fit": True, "controls": True},
        "playback": {"autoplay": False, "loop": False, "hasNoAutoPause": False},
        "l10n": dict(strings["video"]),
        "a11y": [],
    }


def _transcript_params(resource: Resource, profile: Profile, strings: Json, version: TextVersion | None) -> Json:
    text = _text_html("".join(blocks_html(resource.transcript, _PANEL)))
    panel = _sub(
        profile,
        ADVANCED_TEXT,
        resource.identity,
        "transcript/text",
        strings["titles"]["transcript_text"],
        {"text": text},
    )
    panels = [{"title": strings["headings"]["transcript"], "content": panel}]
    if version is not None:
        panels.append(_text_version_panel(resource, profile, strings, version))
    return {"panels": panels, "hTag": "h2"}


def _text_version_panel(resource: Resource, profile: Profile, strings: Json, version: TextVersion) -> Json:
    """The words of the SCORM lesson's .txt, to select and copy, or print with the page.

    A file under content/ is kept by H5P, but nothing can link to it: AdvancedText writes its HTML
    as is, so a relative href resolves against the player's page (Moodle's h5p/embed.php), while
    Moodle serves the file at pluginfile.php/<context>/core_h5p/content/<id assigned on upload>/….
    """
    # Panel titles are h2 (hTag): the text's own headings come below them.
    html = _text_html(as_html(version, heading="h3"))
    title = strings["titles"]["transcript_text_version"]
    content = _sub(profile, ADVANCED_TEXT, resource.slug, "transcript/text-version", title, {"text": html})
    return {"title": strings["headings"]["transcript_text_version"], "content": content}


def _drag_text_params(quiz: Quiz, strings: Json) -> Json:
    # The strings are already plain text (see strings.h5p_strings); `escape` is for the HTML field.
    ui: Json = strings["dragtext"]
    texts: Json = strings["texts"]
    task = (
        f"<h2>{escape(strings['headings']['quiz'], quote=False)}</h2>"
        f"<p>{escape(texts['quiz_instructions'], quote=False)}</p>"
        f"<p>{escape(texts['quiz_keyboard'], quote=False)}</p>"
    )
    lines = []
    for pair in quiz.pairs:
        # An actor whose label cleans down to nothing still needs a drop zone: its id is ASCII.
        # Both end up in aria-labels, where a straight apostrophe escaped by H5P's core is read aloud.
        answer = drag_text_answer(typographic_apostrophes(plain_text(pair.actor))) or pair.id
        # "… numérique. : *eRUN*" reads badly: the drop zone ends the sentence instead.
        role = typographic_apostrophes(french_typography(plain_text(pair.role)))
        statement = drag_text_statement(role).rstrip(" .")
        lines.append(f"{statement}{NBSP}: *{answer}*")
    params: Json = {
        # No media; the group itself is not optional.
        "media": {"disableImageZooming": False},
        "taskDescription": filter_html(task, DRAG_TEXT_TASK_TAGS),
        "textField": "\n".join(lines),
        "distractors": "",
        "overallFeedback": [
            {"from": r["from"], "to": r["to"], "feedback": r["feedback"]} for r in strings["dragtext_feedback"]
        ],
    }
    # The UI strings: every key of [dragtext] in strings.<lang>.toml is one of DragText's fields.
    params.update(ui)
    params["behaviour"] = {
        "enableRetry": True,
        "enableSolutionsButton": True,
        "enableCheckButton": True,
        "instantFeedback": False,
    }
    return params


def _credits_html(resource: Resource, strings: Json) -> str:
    heading = escape(strings["headings"]["credits"], quote=False)
    items = "".join(
        f"<li><strong>{escape(french_typography(c.role), quote=False)}</strong>{NBSP}: "
        f"{escape(', '.join(c.names), quote=False)}</li>"
        for c in resource.credits
    )
    notes = "".join(f"<p>{inline_html(note)}</p>" for note in resource.credits_notes)
    return _text_html(f"<h2>{heading}</h2><ul>{items}</ul>{notes}")
