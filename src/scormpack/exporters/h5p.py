"""H5P: an .h5p holding only h5p.json and content/content.json; the site supplies the libraries."""

from __future__ import annotations

from collections.abc import Mapping

from scormpack.config import Settings
from scormpack.exporters.base import Exporter
from scormpack.h5p.content import content_json
from scormpack.h5p.meta import dumps, h5p_json
from scormpack.h5p.profiles import profile_named
from scormpack.h5p.strings import h5p_strings
from scormpack.model import Quiz, Resource
from scormpack.render import ui_strings
from scormpack.transcript_file import Labels, text_version
from scormpack.validate.findings import Finding
from scormpack.validate.h5p import check_h5p_members
from scormpack.validate.names import check_names


class H5PExporter(Exporter):
    name = "h5p"
    suffix = ".h5p"

    def files(self, resource: Resource, quiz: Quiz | None, settings: Settings) -> dict[str, bytes]:
        profile = profile_named(settings.h5p_profile)
        strings = h5p_strings(settings.language)
        # The same text as the SCORM lesson's download, in the lesson's words.
        text = text_version(resource, Labels.from_ui(ui_strings(settings.language)))
        content = content_json(resource, quiz, profile, strings, text)
        meta = h5p_json(resource, content, profile, settings.language, strings)
        # h5p.json first: it is what a reader of the archive needs to make sense of the rest.
        return {"h5p.json": dumps(meta), "content/content.json": dumps(content)}

    def check(self, members: Mapping[str, bytes], label: str, settings: Settings) -> list[Finding]:
        # The common name checks, then H5P's own, held to the versions of the profile built for.
        return check_names(members, label) + check_h5p_members(members, label, profile=settings.h5p_profile)
