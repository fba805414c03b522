"""Validate SCORM packages (and later H5P): the same checks for `scormpack validate` and `build`.

    check_members(members, label)   an in-memory package {zip member name: bytes}
    check_path(path)                a .zip / .h5p file or an unpacked folder, never extracted

Findings carry a stable rule id from `rules.RULES`; `report` renders them as text, JSON or JUnit.
"""

from scormpack.validate.check import DEFAULT_MAX_TOTAL_BYTES, check_members, check_path
from scormpack.validate.container import ZipLimits
from scormpack.validate.findings import Finding
from scormpack.validate.kinds import register
from scormpack.validate.rules import RULES, Rule, register_rules, rules_markdown
from scormpack.validate.xsd_sets import warm_up

__all__ = [
    "DEFAULT_MAX_TOTAL_BYTES",
    "RULES",
    "Finding",
    "Rule",
    "ZipLimits",
    "check_members",
    "check_path",
    "register",
    "register_rules",
    "rules_markdown",
    "warm_up",
]
