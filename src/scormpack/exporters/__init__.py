"""One exporter per package format, behind the small interface of `base.Exporter`."""

from __future__ import annotations

from scormpack.exporters.base import Exporter
from scormpack.exporters.h5p import H5PExporter
from scormpack.exporters.scorm12 import Scorm12Exporter

EXPORTERS: dict[str, type[Exporter]] = {
    Scorm12Exporter.name: Scorm12Exporter,
    H5PExporter.name: H5PExporter,
}


def exporter_for(name: str) -> Exporter:
    return EXPORTERS[name]()


__all__ = ["EXPORTERS", "Exporter", "exporter_for"]
