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


def _readme_tokens():
    from markdown_it import MarkdownIt

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n"), MarkdownIt("commonmark").enable("table").parse(text)


def test_every_code_block_of_the_readme_is_closed():
    # An unclosed fence runs on until the next bare fence line (the opening of a later block's
    # twin), so the text between shows as code and later blocks pair up wrongly: no line inside a
    # block may look like a fence of the same kind, and each block must end with its closing fence.
    lines, tokens = _readme_tokens()
    fences = [token for token in tokens if token.type == "fence"]
    assert fences, "README.md has no code blocks"
    for token in fences:
        first, end = token.map
        opening = lines[first].strip()
        marker = opening[: len(opening) - len(opening.lstrip(opening[0]))]
        closing = lines[end - 1].strip() if end - 1 > first else ""
        assert closing.startswith(marker) and not closing.strip(marker[0]), (
            f"README.md:{first + 1}: the code block opened by {opening!r} is not closed"
        )
        inner = [i + 1 for i in range(first + 1, end - 1) if lines[i].strip().startswith(marker)]
        assert not inner, f"README.md:{first + 1}: the code block opened by {opening!r} runs over fences at {inner}"


def test_every_readme_heading_renders_as_a_heading():
    # A heading swallowed by a code block or a mismatched fence no longer shows in the page.
    lines, tokens = _readme_tokens()
    rendered = {token.map[0] for token in tokens if token.type == "heading_open"}
    # The example of a source file has its own `## Transcription`: lines in a ```markdown block are not ours.
    examples = set()
    for token in tokens:
        if token.type == "fence" and token.info.strip() == "markdown":
            examples.update(range(*token.map))
    written = {i for i, line in enumerate(lines) if line.startswith("## ")} - examples
    swallowed = sorted(i + 1 for i in written - rendered)
    assert not swallowed, f"README.md: lines {swallowed} are shown as code, not as headings"
    assert written, "README.md has no section headings"
