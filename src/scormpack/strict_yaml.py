"""A strict YAML reader for the front matter and the `.quiz.yaml`: text values only, every one located.

YAML's conveniences are traps in files written by hand: a second `videoEmbedSrc:` silently wins,
`yes` becomes a boolean and `~` a null, a merge key (`<<:`) pulls values from elsewhere, and an alias
can multiply a small file into a huge one. Here each of them is an error naming its line and key.
What remains is mappings with text keys, lists, and text (or an empty value, read as None).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from scormpack.errors import SourceError
from scormpack.source_text import describe_bad_character, first_bad_character

# libyaml when PyYAML was built with it: ten times faster, and it limits nesting itself.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Our files need three levels; anything far deeper is an accident or an attack.
MAX_DEPTH = 20

_TAG = "tag:yaml.org,2002:"
_NO_ALIASES = "anchors and aliases (&name, *name) are not allowed (write the value out)"
_READ_AS = {
    "null": "null",
    "bool": "a boolean",
    "int": "an integer",
    "float": "a number",
    "timestamp": "a date",
    "binary": "binary data",
    "merge": "a merge key",
}


@dataclass(frozen=True)
class NotText:
    """A plain scalar YAML reads as something else than text (`yes`, `~`, `12`, `2024-01-01`…).

    Kept as a value, not raised at once: the caller knows whether a list or a text was expected,
    hence which message helps."""

    raw: str
    read_as: str

    def __str__(self) -> str:
        return f"{self.raw!r} is read as {self.read_as} (quote it to mean text: \"{self.raw}\")"


@dataclass(frozen=True)
class Located:
    """A value and the 1-based line where it starts; `key_line` is the line of its key, if any."""

    value: str | NotText | list[Located] | dict[str, Located] | None
    line: int
    key_line: int

    def plain(self) -> object:
        """The value without lines: str, None, NotText, list or dict."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def load(path: Path, text: str, first_line: int = 1) -> Located | None:
    """The document in `text` (which starts at line `first_line` of `path`), or None when empty."""
    bad = first_bad_character(text)
    if bad is not None:
        offset, char = bad
        line = text.count("\n", 0, offset)
        raise SourceError(path, first_line + line, _key_on(text.split("\n")[line]), describe_bad_character(char))
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except RecursionError:  # the pure-Python composer, when PyYAML was built without libyaml
        raise SourceError(path, first_line, None, "invalid YAML: nested too deeply (flatten it)") from None
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts, the problem mark where parsing gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlSyntaxError(path, line, problem) from None
    if root is None:
        return None
    return _Converter(path, first_line).convert(root, "", root.start_mark.line + first_line, 0)


class YamlSyntaxError(SourceError):
    """Not YAML at all; `problem` is the parser's words, for callers that can say more."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        self.problem = problem
        super().__init__(path, line, "syntax", f"invalid YAML: {problem}")


def _key_on(line: str) -> str:
    key = line.split(":", 1)[0].strip().lstrip("- ").strip()
    return key if key and ":" in line and key.replace("_", "").replace("-", "").isalnum() else "text"


class _Converter:
    def __init__(self, path: Path, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.seen: set[int] = set()

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def fail(self, node: yaml.Node, field: str, message: str) -> SourceError:
        return SourceError(self.path, self.line(node), field or None, message)

    def convert(self, node: yaml.Node, field: str, key_line: int, depth: int) -> Located:
        if id(node) in self.seen:
            # The composer hands back the anchored node itself for an alias.
            raise self.fail(node, field, _NO_ALIASES)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise self.fail(node, field, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            return Located(self.scalar(node, field), self.line(node), key_line)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise self.fail(node, field, f"the tag {node.tag!r} is not allowed (write a plain list)")
            items = [
                self.convert(item, f"{field}[{index}]", self.line(item), depth + 1)
                for index, item in enumerate(node.value, start=1)
            ]
            return Located(items, self.line(node), key_line)
        if node.tag != _TAG + "map":
            raise self.fail(node, field, f"the tag {node.tag!r} is not allowed (write a plain mapping)")
        mapping: dict[str, Located] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _TAG + "merge":
                name = f"{field}.<<" if field else "<<"
                raise self.fail(key_node, name, "merge keys are not allowed (write each key out)")
            if id(key_node) in self.seen:
                raise self.fail(key_node, field or "key", _NO_ALIASES)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG + "str":
                raise self.fail(key_node, field or "key", "a key must be text (write 'name: value')")
            key = key_node.value
            bad = first_bad_character(key)
            if bad is not None:
                raise self.fail(key_node, field or "key", describe_bad_character(bad[1]))
            name = f"{field}.{key}" if field else key
            if id(value_node) in self.seen:
                raise self.fail(key_node, name, _NO_ALIASES)
            if key in mapping:
                first = mapping[key].key_line
                raise self.fail(key_node, name, f"duplicate key (first at line {first}; keep one)")
            mapping[key] = self.convert(value_node, name, self.line(key_node), depth + 1)
        return Located(mapping, self.line(node), key_line)

    def scalar(self, node: yaml.ScalarNode, field: str) -> str | NotText | None:
        if node.tag == _TAG + "str":
            bad = first_bad_character(node.value)  # escapes such as "\0" in a quoted value
            if bad is not None:
                raise self.fail(node, field or "text", describe_bad_character(bad[1]))
            return node.value
        if node.tag == _TAG + "null" and node.value == "":
            return None  # an empty value: each caller says whether it may be empty
        kind = node.tag.removeprefix(_TAG)
        return NotText(node.value, _READ_AS.get(kind, f"the type {node.tag!r}"))
