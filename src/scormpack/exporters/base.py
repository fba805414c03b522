"""The exporter interface (as Sphinx's builders): a format turns a Resource and its Quiz into files."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

from scormpack.config import Settings
from scormpack.model import Quiz, Resource
from scormpack.validate.findings import Finding


class Exporter(ABC):
    #: the format's name in settings and on the command line
    name: str
    #: what ends the package's file name in the output folder, e.g. ".zip"
    suffix: str

    def output_name(self, resource: Resource) -> str:
        return resource.slug + self.suffix

    @abstractmethod
    def files(self, resource: Resource, quiz: Quiz | None, settings: Settings) -> dict[str, bytes]:
        """The package's members, in the order they are written to the archive."""

    def check(self, members: Mapping[str, bytes], label: str, settings: Settings) -> list[Finding]:
        """Validate the members before anything is written; errors stop the package.

        The same checks as `scormpack validate`, so that build and validate never disagree.
        """
        from scormpack.validate import check_members

        return check_members(members, label)
