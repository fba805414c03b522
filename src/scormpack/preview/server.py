"""The preview's HTTP server: pages, assets, the lessons' files, the JSON API and the reload events.

stdlib `ThreadingHTTPServer`: a handful of local requests at a time needs no framework, and the
lesson's synchronous API calls and the event stream each hold a thread, which threads handle simply.

Safety (the server writes files and sees the sources):
- it binds 127.0.0.1 only;
- every request must name this server in `Host` (a DNS-rebinding page names its own host);
- every method but GET and HEAD must come from this server's pages (a browser's `Origin` and
  `Sec-Fetch-Site`), so that another site's page cannot post here, and writes need the per-run token
  the served pages carry; any method reaches these checks (none falls back to the stdlib's pages);
- a body is read only with a plain `Content-Length` under MAX_BODY, and parsed as strict, shallow JSON;
- only slugs of the catalogue and members of a built package are addressable: no request path is
  ever joined to a folder.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import mimetypes
import re
import secrets
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scormpack.data import templates_dir
from scormpack.preview import cmi
from scormpack.preview.attempts import AttemptStore
from scormpack.preview.catalogue import Catalogue, Entry
from scormpack.preview.request_body import BodyError, declared_length, json_object
from scormpack.preview.review import InvalidQuiz, edited_quiz, save_quiz

HOST = "127.0.0.1"
TOKEN_HEADER = "X-Scormpack-Token"
MAX_BODY = 1_000_000
# The event stream sends a comment this often, so that a closed tab frees its thread soon.
KEEPALIVE_SECONDS = 10.0
# A client that stops sending (mid-request or mid-body) frees its thread after this long.
SOCKET_TIMEOUT_SECONDS = 60.0
_WRITES = frozenset({"PUT", "POST", "DELETE"})
# A client that left: nothing to answer, nothing worth a line on the terminal.
_CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)

_SLUG = r"[a-z0-9][a-z0-9-]*"
_ROUTES = [
    ("GET", re.compile(r"/"), "page_catalogue"),
    ("GET", re.compile(rf"/resources/({_SLUG})"), "page_resource"),
    ("GET", re.compile(r"/assets/([a-z0-9-]+\.(?:js|css))"), "asset"),
    ("GET", re.compile(rf"/lesson/({_SLUG})/(.+)"), "lesson_file"),
    ("GET", re.compile(r"/api/events"), "events"),
    ("GET", re.compile(r"/api/resources"), "api_resources"),
    ("GET", re.compile(rf"/api/resources/({_SLUG})"), "api_resource"),
    ("PUT", re.compile(rf"/api/resources/({_SLUG})/quiz"), "api_put_quiz"),
    ("GET", re.compile(rf"/api/resources/({_SLUG})/attempts"), "api_attempts"),
    ("POST", re.compile(rf"/api/resources/({_SLUG})/attempts"), "api_launch"),
    ("DELETE", re.compile(rf"/api/resources/({_SLUG})/attempts"), "api_clear"),
    ("POST", re.compile(rf"/api/resources/({_SLUG})/attempts/([0-9]{{1,6}})/calls"), "api_call"),
]
_PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


@dataclass
class Preview:
    """What the handlers share: the catalogue, the LMS's attempts, the token, and the reload signal."""

    catalogue: Catalogue
    attempts: AttemptStore
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    port: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _events: list[dict] = field(default_factory=list)

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def allowed_origins(self) -> set[str]:
        return {f"http://{host}" for host in self.allowed_hosts()}

    def rebuild(self) -> list[str]:
        changed = self.catalogue.rebuild()
        if changed:
            self.announce({"version": self.catalogue.version, "changed": changed})
        return changed

    def announce(self, event: dict) -> None:
        with self._changed:
            self._events.append(event)
            del self._events[:-100]
            self._changed.notify_all()

    def wait_event(self, seen: int, timeout: float) -> tuple[int, list[dict]]:
        """Events after the `seen` first ones (waiting up to `timeout` for one), and the new count."""
        with self._changed:
            if len(self._events) <= seen and not self.stopping.is_set():
                self._changed.wait(timeout)
            return len(self._events), self._events[seen:]

    def event_count(self) -> int:
        with self._changed:
            return len(self._events)

    def stop(self) -> None:
        self.stopping.set()
        with self._changed:
            self._changed.notify_all()


class Refused(Exception):
    def __init__(
        self, status: HTTPStatus, message: str, extra: dict | None = None, headers: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}
        super().__init__(message)


def allowed_methods(verbs: list[str]) -> str:
    """The `Allow` header of a path whose routes take `verbs`: HEAD wherever GET is, and OPTIONS."""
    allowed: list[str] = []
    for verb in verbs:
        allowed += [verb, "HEAD"] if verb == "GET" else [verb]
    return ", ".join(dict.fromkeys([*allowed, "OPTIONS"]))


def launch_file(package: Path) -> str:
    """The SCO's launch file, from the package's manifest (first resource with an href)."""
    from lxml import etree

    with zipfile.ZipFile(package) as archive:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(archive.read("imsmanifest.xml"), parser)
    for element in root.iter("{*}resource"):
        if element.get("href"):
            return element.get("href")
    return "index.html"


class Handler(BaseHTTPRequestHandler):
    server_version = "scormpack-preview"
    preview: Preview  # set on the subclass made by `make_server`
    timeout = SOCKET_TIMEOUT_SECONDS

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal is for build results; requests are not worth a line each

    # ---- dispatch -------------------------------------------------------------------------------

    def __getattr__(self, name: str):
        # The stdlib answers a method it finds no `do_<METHOD>` for with its own HTML 501 page, before
        # any check of ours: every method, known or not, goes through `_dispatch` instead.
        if name.startswith("do_"):
            return lambda: self._dispatch(name[3:])
        raise AttributeError(name)

    def _dispatch(self, method: str) -> None:
        path = urlsplit(self.path).path
        try:
            try:
                self._route(method, path)
            except Refused as refused:
                self._json({"error": refused.message, **refused.extra}, refused.status, refused.headers)
        except _CLIENT_GONE:
            self.close_connection = True
        except Exception as exc:  # a bug must cost one request, not the server; one line on the terminal
            sys.stderr.write(f"error: preview: {method} {path}: {type(exc).__name__}: {exc}\n")
            with contextlib.suppress(OSError):
                self._json({"error": f"internal error: {type(exc).__name__}: {exc}"}, HTTPStatus.INTERNAL_SERVER_ERROR)

    def _route(self, method: str, path: str) -> None:
        self._check_host()
        if method not in ("GET", "HEAD"):
            self._check_origin()
        verbs: list[str] = []
        for verb, pattern, name in _ROUTES:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            verbs.append(verb)
            if verb == method or (verb == "GET" and method == "HEAD"):
                if method in _WRITES:
                    self._check_token()
                getattr(self, name)(*match.groups())
                return
        if not verbs:
            raise Refused(HTTPStatus.NOT_FOUND, f"{path}: no such page")
        allow = allowed_methods(verbs)
        if method == "OPTIONS":
            self._send(HTTPStatus.NO_CONTENT, b"", None, headers={"Allow": allow})
            return
        refusal = f"{method} is not allowed on {path} (allowed: {allow})"
        raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, refusal, headers={"Allow": allow})

    # ---- safety ---------------------------------------------------------------------------------

    def _check_host(self) -> None:
        if self.headers.get("Host", "") not in self.preview.allowed_hosts():
            raise Refused(HTTPStatus.FORBIDDEN, "Host: not this preview server (expected 127.0.0.1 or localhost)")

    def _check_origin(self) -> None:
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.preview.allowed_origins():
            raise Refused(HTTPStatus.FORBIDDEN, f"Origin: {origin} is not this preview server")
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            raise Refused(HTTPStatus.FORBIDDEN, f"Sec-Fetch-Site: {site} request refused")

    def _check_token(self) -> None:
        token = self.headers.get(TOKEN_HEADER, "")
        if not token:
            # navigator.sendBeacon cannot set a header: the lesson's last call carries it in the body.
            token = str(self._body().get("token", "")) if self._is_json() else ""
        if not hmac.compare_digest(token.encode(), self.preview.token.encode()):
            raise Refused(HTTPStatus.FORBIDDEN, f"{TOKEN_HEADER}: missing or wrong token (open the preview's pages)")

    # ---- request and response helpers -----------------------------------------------------------

    def _is_json(self) -> bool:
        return self.headers.get("Content-Type", "").split(";")[0].strip() in ("application/json", "text/plain")

    def _body(self) -> dict:
        if hasattr(self, "_parsed_body"):
            return self._parsed_body
        try:
            chunked = "Transfer-Encoding" in self.headers
            length = declared_length(self.headers.get_all("Content-Length") or [], chunked, MAX_BODY)
            raw = self.rfile.read(length) if length else b""
            if len(raw) < length:
                raise ConnectionAbortedError("the client left before sending the body it announced")
            parsed = json_object(raw)
        except BodyError as refused:
            # What is left of a refused body must not be read as the next request.
            self.close_connection = True
            raise Refused(refused.status, refused.message) from None
        self._parsed_body = parsed
        return parsed

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str | None,
        page: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        if page:
            self.send_header("Content-Security-Policy", _PAGE_POLICY)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":  # HEAD: the headers GET would send, without the body
            self.wfile.write(body)

    def _json(self, data: object, status: HTTPStatus = HTTPStatus.OK, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        self._send(status, body, "application/json; charset=utf-8", headers=headers)

    def _entry(self, slug: str) -> Entry:
        entry = self.preview.catalogue.get(slug)
        if entry is None:
            raise Refused(HTTPStatus.NOT_FOUND, f"{slug}: no such resource in the catalogue")
        return entry

    # ---- pages and files ------------------------------------------------------------------------

    def _page(self, template: str, **context) -> None:
        from scormpack.render import environment

        html = environment().get_template(f"preview/{template}").render(token=self.preview.token, **context)
        self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8", page=True)

    def page_catalogue(self) -> None:
        self._page("catalogue.html.j2")

    def page_resource(self, slug: str) -> None:
        entry = self._entry(slug)
        self._page(
            "resource.html.j2",
            slug=slug,
            title=entry.title,
            fmt=self.preview.catalogue.fmt,
            cmi_errors=json.dumps(cmi.ERRORS, ensure_ascii=False),
        )

    def asset(self, name: str) -> None:
        folder = templates_dir() / "preview" / "assets"
        # Only names of files that are there: the request's name is compared, never joined blindly.
        if name not in {p.name for p in folder.iterdir()}:
            raise Refused(HTTPStatus.NOT_FOUND, f"{name}: no such asset")
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        self._send(HTTPStatus.OK, (folder / name).read_bytes(), f"{kind}; charset=utf-8")

    def lesson_file(self, slug: str, member: str) -> None:
        entry = self._entry(slug)
        member = unquote(member)
        if entry.package is None or entry.package.suffix != ".zip":
            raise Refused(HTTPStatus.NOT_FOUND, f"{slug}: no SCORM package built")
        try:
            with zipfile.ZipFile(entry.package) as archive:
                data = archive.read(member)  # a name of the zip, or KeyError: nothing else is reachable
        except KeyError:
            raise Refused(HTTPStatus.NOT_FOUND, f"{member}: not in the package") from None
        except (OSError, zipfile.BadZipFile):
            raise Refused(HTTPStatus.NOT_FOUND, f"{slug}: package unreadable, rebuilding?") from None
        kind = mimetypes.guess_type(member)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/xml"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, data, kind)

    def events(self) -> None:
        """Server-sent events: one `rebuild` event per rebuild that changed something."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command == "HEAD":
            return
        seen = self.preview.event_count()
        self.wfile.write(f"event: hello\ndata: {json.dumps({'version': self.preview.catalogue.version})}\n\n".encode())
        self.wfile.flush()
        while not self.preview.stopping.is_set():
            seen, events = self.preview.wait_event(seen, KEEPALIVE_SECONDS)
            for event in events:
                self.wfile.write(f"event: rebuild\ndata: {json.dumps(event)}\n\n".encode())
            if not events:
                self.wfile.write(b": keepalive\n\n")
            self.wfile.flush()

    # ---- API ------------------------------------------------------------------------------------

    def _summary(self, entry: Entry) -> dict:
        return entry.summary() | {"latest_attempt": self.preview.attempts.latest(entry.slug)}

    def api_resources(self) -> None:
        catalogue = self.preview.catalogue
        self._json(
            {
                "format": catalogue.fmt,
                "version": catalogue.version,
                "settings_error": catalogue.settings_error,
                "resources": [self._summary(e) for e in catalogue.entries()],
            }
        )

    def api_resource(self, slug: str) -> None:
        catalogue = self.preview.catalogue
        entry = self._entry(slug)
        data = self._summary(entry)
        report = entry.report or {"resource": entry.source.stem, "pairs": [], "left_out": []}
        derived = entry.derived or {"pairs": {}, "left_out": []}
        left = {c["actor"].casefold(): c for c in derived["left_out"]}
        data["pairs"] = report["pairs"]
        data["left_out"] = [item | _evidence_of(left.get(item["actor"].casefold())) for item in report["left_out"]]
        # The derivation's evidence of each id, so that a reviewed quiz still shows where pairs came from.
        data["derived_evidence"] = {pair_id: pair["evidence"] for pair_id, pair in derived["pairs"].items()}
        data["quiz_origin"] = entry.origin
        resource = catalogue.resource(entry)
        data["transcript"] = (
            [
                {"first_line": first, "last_line": last, "text": text}
                for text, (first, last) in zip(resource.transcript_text, resource.transcript_text_lines, strict=False)
            ]
            if resource
            else []
        )
        if entry.package is not None and entry.package.suffix == ".zip":
            data["launch"] = f"/lesson/{slug}/{launch_file(entry.package)}"
        else:
            data["launch"] = None
        data["mastery_score"] = catalogue.settings.mastery_score
        self._json(data)

    def api_put_quiz(self, slug: str) -> None:
        entry = self._entry(slug)
        resource = self.preview.catalogue.resource(entry)
        if resource is None or entry.report is None:
            # Unreadable source, or a reviewed file `build` refuses: saving from the page would replace
            # that file with what the page could show, losing the hand edits; fix the file first.
            raise Refused(HTTPStatus.CONFLICT, f"error: {entry.error}" if entry.error else f"{slug}: cannot be read")
        try:
            quiz = edited_quiz(self._body(), entry.derived_pairs(), entry.derived_left_out())
            text, warnings = save_quiz(resource, quiz)
        except InvalidQuiz as invalid:
            problems = [{"field": p.field, "message": p.message} for p in invalid.problems]
            raise Refused(HTTPStatus.BAD_REQUEST, invalid.problems[0].message, {"problems": problems}) from None
        except OSError as exc:
            raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR, f"{entry.source}: {exc.strerror or exc}") from None
        self.preview.rebuild()
        rebuilt = self.preview.catalogue.get(slug)
        self._json(
            {
                "written": str(entry.source.with_name(entry.source.stem + ".quiz.yaml")),
                "text": text,
                "warnings": warnings,
                "build": rebuilt.summary() if rebuilt else None,
            }
        )

    def api_attempts(self, slug: str) -> None:
        self._entry(slug)
        self._json({"resource": slug, "attempts": self.preview.attempts.attempts(slug)})

    def api_launch(self, slug: str) -> None:
        self._entry(slug)
        new = bool(self._body().get("new", False))
        launch = cmi.Launch(mastery_score=str(self.preview.catalogue.settings.mastery_score))
        number = self.preview.attempts.launch(slug, launch, new=new)
        self._json({"attempt": number})

    def api_clear(self, slug: str) -> None:
        self._entry(slug)
        self.preview.attempts.clear(slug)
        self._json({"resource": slug, "attempts": []})

    def api_call(self, slug: str, number: str) -> None:
        self._entry(slug)
        body = self._body()
        method = str(body.get("method", ""))
        if method not in cmi.METHODS:
            raise Refused(HTTPStatus.BAD_REQUEST, f"method: {method!r} is not one of {', '.join(cmi.METHODS)}")
        answer = self.preview.attempts.call(
            slug, int(number), method, str(body.get("element", "")), str(body.get("value", ""))
        )
        if answer is None:
            raise Refused(HTTPStatus.CONFLICT, f"attempt {number}: not the launched attempt (relaunch the lesson)")
        self._json(answer)


def _evidence_of(candidate: dict | None) -> dict:
    if candidate is None:
        return {"confidence": None, "evidence": []}
    return {"confidence": candidate["confidence"], "evidence": candidate["evidence"]}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # A fresh server must not take over a port another preview still holds.
    allow_reuse_address = False

    def handle_error(self, request, client_address) -> None:
        # socketserver prints a whole traceback for what escapes a handler (e.g. a reset while the
        # request line is read): a client that left is not worth a line, anything else is worth one.
        error = sys.exc_info()[1]
        if isinstance(error, _CLIENT_GONE):
            return
        sys.stderr.write(f"error: preview: request from {client_address[0]}: {type(error).__name__}: {error}\n")


def make_server(preview: Preview, port: int, tries: int = 50) -> ThreadingHTTPServer:
    """Bind 127.0.0.1 on `port`, or the next free one (port 0: any free port)."""
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    last: OSError | None = None
    for candidate in [0] if port == 0 else range(port, min(port + tries, 65536)):
        try:
            server = _Server((HOST, candidate), handler)
        except OSError as exc:
            last = exc
            continue
        preview.port = server.server_address[1]
        return server
    raise OSError(f"no free port from {port} to {port + tries - 1} on {HOST}: {last}")
