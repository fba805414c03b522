"""SCORM 1.2: imsmanifest.xml and its four XSDs at the root, the lesson as one SCO."""

from __future__ import annotations

from functools import cache

from scormpack.blocks_html import has_structure
from scormpack.config import Settings
from scormpack.data import schemas_dir
from scormpack.exporters.base import Exporter
from scormpack.manifest12 import SCHEMA_FILES, manifest_xml
from scormpack.model import Quiz, Resource
from scormpack.render import TranscriptLink, lesson_assets, lesson_html, ui_strings
from scormpack.transcript_file import Labels, as_file, file_name, text_version

RUNTIME_SCRIPT = "scorm12.js"


@cache
def _schema_files() -> tuple[tuple[str, bytes], ...]:
    folder = schemas_dir() / "scorm12"
    return tuple((name, (folder / name).read_bytes()) for name in SCHEMA_FILES)


class Scorm12Exporter(Exporter):
    name = "scorm12"
    suffix = ".zip"

    def files(self, resource: Resource, quiz: Quiz | None, settings: Settings) -> dict[str, bytes]:
        transcript_name = file_name(resource.slug)
        transcript = as_file(text_version(resource, Labels.from_ui(ui_strings(settings.language))))
        html = lesson_html(
            resource,
            quiz,
            runtime_script=RUNTIME_SCRIPT,
            mastery_score=settings.mastery_score,
            attempts=settings.attempts,
            lang=settings.language,
            transcript_file=TranscriptLink(transcript_name, len(transcript)),
        )
        assets = lesson_assets(RUNTIME_SCRIPT, blocks_style=has_structure(resource.transcript))
        content = {"index.html": html.encode("utf-8"), **assets, transcript_name: transcript}
        manifest = manifest_xml(resource, content, settings.mastery_score, settings.language)
        return {"imsmanifest.xml": manifest, **dict(_schema_files()), **content}
