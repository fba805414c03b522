"""The README's set-up commands are the ones CI runs, word for word."""

from __future__ import annotations

import re

from support import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [c.strip() for c in re.findall(r"```sh\n(.+?)\n\s*```", setup, flags=re.DOTALL)]


def test_ci_runs_the_readme_commands():
    commands = readme_commands()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command.strip() in ci
    assert "pytest" in commands[1] and "scormpack build" in commands[0]


def test_readme_rules_section_is_generated_from_the_rule_table():
    from scormpack.validate.docs import readme_section

    assert readme_section() in (ROOT / "README.md").read_text(encoding="utf-8")
