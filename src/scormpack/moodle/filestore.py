"""Moodle's file store inside a backup: `files/<first two hex>/<sha1>` holds each content once, and
`files.xml` lists every stored file (component, area, path, name) with its content hash.

A folder is a record named `.` with the hash of no bytes, as Moodle's own file API keeps them.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass

from scormpack.moodle.xml import Element, el, fields

EMPTY_SHA1 = hashlib.sha1(b"").hexdigest()

# Moodle's names for the types our packages hold (lib/classes/filetypes.php); what pluginfile.php
# serves each file as after the restore.
MIMETYPES = {
    "css": "text/css",
    "gif": "image/gif",
    "h5p": "application/zip.h5p",
    "htm": "text/html",
    "html": "text/html",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "js": "application/x-javascript",
    "json": "application/json",
    "mp3": "audio/mp3",
    "mp4": "video/mp4",
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
    "txt": "text/plain",
    "vtt": "text/vtt",
    "webm": "video/webm",
    "woff": "application/font-woff",
    "woff2": "application/font-woff2",
    "xml": "application/xml",
    "xsd": "text/xml",
    "zip": "application/zip",
}


def mimetype(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return MIMETYPES.get(extension, "document/unknown")


def content_path(sha1: str) -> str:
    return f"files/{sha1[:2]}/{sha1}"


@dataclass(frozen=True)
class StoredFile:
    id: int
    contextid: int
    component: str
    filearea: str
    filepath: str  # "/" or "/folder/sub/"
    filename: str  # "." for a folder
    sha1: str
    size: int

    @property
    def mimetype(self) -> str | None:
        return None if self.filename == "." else mimetype(self.filename)


class FileStore:
    """The files of a backup, numbered in the order they are added; each content kept once."""

    def __init__(self) -> None:
        self.files: list[StoredFile] = []
        self.contents: dict[str, bytes] = {}

    def _add(self, contextid: int, component: str, area: str, path: str, name: str, data: bytes) -> StoredFile:
        sha1 = hashlib.sha1(data).hexdigest()
        if name != ".":
            self.contents[sha1] = data
        record = StoredFile(len(self.files) + 1, contextid, component, area, path, name, sha1, len(data))
        self.files.append(record)
        return record

    def add_area(self, contextid: int, component: str, area: str, members: dict[str, bytes]) -> list[StoredFile]:
        """Store `members` ({relative posix path: bytes}) in one file area, folders included."""
        added: list[StoredFile] = []
        folders = {"/"}
        for name in members:
            parent = posixpath.dirname(name)
            while parent:
                folders.add(f"/{parent}/")
                parent = posixpath.dirname(parent)
        for folder in sorted(folders):
            added.append(self._add(contextid, component, area, folder, ".", b""))
        for name, data in members.items():
            folder = posixpath.dirname(name)
            path = f"/{folder}/" if folder else "/"
            added.append(self._add(contextid, component, area, path, posixpath.basename(name), data))
        return added

    def members(self) -> dict[str, bytes]:
        """files.xml and the content files, as backup members."""
        out = {"files.xml": files_xml(self.files)}
        for sha1, data in self.contents.items():
            out[content_path(sha1)] = data
        return out


def _file_element(record: StoredFile) -> Element:
    return el("file", fields({
        "contenthash": record.sha1,
        "contextid": record.contextid,
        "component": record.component,
        "filearea": record.filearea,
        "itemid": 0,
        "filepath": record.filepath,
        "filename": record.filename,
        "userid": None,
        "filesize": record.size,
        "mimetype": record.mimetype,
        "status": 0,
        "timecreated": 0,
        "timemodified": 0,
        "source": None,
        "author": None,
        "license": None,
        "sortorder": 0,
        "repositorytype": None,
        "repositoryid": None,
        "reference": None,
    }), id=record.id)


def files_xml(records: list[StoredFile]) -> bytes:
    from scormpack.moodle.xml import document

    return document(el("files", [_file_element(r) for r in records]))
