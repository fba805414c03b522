"""Reading a request's JSON body: its declared length and its text, refused with the HTTP status and
a one-line reason when either is not what the API takes. Pure functions: the server only reads the
bytes they allow."""

from __future__ import annotations

import json
import re
from http import HTTPStatus

# The API's bodies are an object of lists of objects: three levels; a few more leave room to grow.
MAX_DEPTH = 32

_DIGITS = re.compile(r"[0-9]+")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


class BodyError(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


def declared_length(values: list[str], chunked: bool, limit: int) -> int:
    """The body's length from the request's `Content-Length` header(s) (`values`), at most `limit`.

    No header and no `Transfer-Encoding`: no body (0). A chunked body is not read (411, as HTTP lets a
    server that wants the length say); anything but one plain decimal number is a 400 (a negative
    length once made the server read until the client left); over `limit` a 413."""
    if not values:
        if chunked:
            raise BodyError(HTTPStatus.LENGTH_REQUIRED, "Content-Length: missing (send the body with its length)")
        return 0
    shown = ", ".join(values)
    if len(values) > 1 or not _DIGITS.fullmatch(values[0].strip()):
        raise BodyError(HTTPStatus.BAD_REQUEST, f"Content-Length: not a number ({shown[:40]!r}; expected bytes)")
    # Compared as text first: a length of thousands of digits is refused without making it an int.
    digits = values[0].strip().lstrip("0") or "0"
    if len(digits) > len(str(limit)) or int(digits) > limit:
        raise BodyError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body: over {limit} bytes")
    return int(digits)


def nesting_depth(raw: bytes, stop_after: int) -> int:
    """How deep brackets nest in the JSON text `raw` (strings skipped), counting no further than
    `stop_after + 1`: the parser's recursion is never reached."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b"", raw)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > deepest:
            deepest = depth
            if deepest > stop_after:
                break
    return deepest


def _constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"key {key!r} given twice")
        seen[key] = value
    return seen


def json_object(raw: bytes) -> dict:
    """The body `raw` as a JSON object (empty body: `{}`), strict: UTF-8, no NaN or Infinity, no key
    given twice, no lone surrogate, at most MAX_DEPTH levels."""
    if not raw:
        return {}
    if nesting_depth(raw, MAX_DEPTH) > MAX_DEPTH:
        raise BodyError(HTTPStatus.BAD_REQUEST, f"body: nested deeper than {MAX_DEPTH} levels (expected a JSON object)")
    try:
        parsed = json.loads(raw.decode("utf-8"), parse_constant=_constant, object_pairs_hook=_unique_keys)
        # A lone surrogate escape (\ud800) parses but cannot be written to a UTF-8 file later on.
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except (UnicodeError, ValueError, RecursionError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            reason = "not UTF-8"
        elif isinstance(exc, UnicodeEncodeError):
            reason = "a lone surrogate escape"
        else:
            reason = str(exc).split("\n")[0][:80]
        raise BodyError(HTTPStatus.BAD_REQUEST, f"body: not JSON ({reason}; expected a JSON object)") from None
    if not isinstance(parsed, dict):
        raise BodyError(HTTPStatus.BAD_REQUEST, "body: not a JSON object")
    return parsed
