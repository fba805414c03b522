"""Browser fixtures: one Chromium per session, one local HTTP server for the test LMS and the packages.

The LMS is the npm package scorm-again (its Scorm12API installed as `window.API` in a page that loads
the lesson in an iframe, as Moodle's player does); axe-core checks accessibility. Nothing leaves the
machine: requests to any other host (the lesson's video iframe) get an empty local page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from scormpack.package import zip_bytes_to

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
SCORM_AGAIN = NODE_MODULES / "scorm-again" / "dist" / "scorm12.min.js"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SETUP = "README.md, « Set-up », step 2"

# The test LMS: scorm-again as window.API, every call recorded with its result and error code.
LMS_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>LMS de test</title>
<script src="/vendor/scorm12.js"></script>
<script>
"use strict";
const params = new URLSearchParams(location.search);
window.calls = [];
window.API = new Scorm12API({autocommit: false, lmsCommitUrl: false, logLevel: 5});
if (params.get("cmi")) window.API.loadFromJSON(JSON.parse(params.get("cmi")), "cmi");
// ended=1: the session was opened and closed before the lesson loads (another window, an expired
// login), so scorm-again itself refuses the lesson's LMSInitialize.
if (params.get("ended") === "1") {
  window.API.LMSInitialize("");
  window.API.LMSFinish("");
}
// refuse=["LMSCommit", "LMSSetValue cmi.core.score.raw", …]: each call whose "method element" starts
// with an entry is answered "false" with error 101 and not passed on, as Moodle answers a commit
// whose request failed or any call once its session is gone (scorm-again's SCORM 1.2 API keeps
// accepting values after LMSFinish, so a test pushes to window.refuse to end a session midway).
// get_null=1: LMSGetValue answers null, as some non-conformant wrappers do.
window.refuse = JSON.parse(params.get("refuse") || "[]");
const getNull = params.get("get_null") === "1";
let refusal = null;
const lastError = window.API.LMSGetLastError.bind(window.API);
window.API.LMSGetLastError = () => refusal || lastError();
for (const name of ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"]) {
  const original = window.API[name].bind(window.API);
  window.API[name] = (...args) => {
    const call = name + " " + (args.length ? String(args[0]) : "");
    refusal = window.refuse.some((entry) => call.startsWith(entry)) ? "101" : null;
    let result = refusal ? "false" : original(...args);
    if (getNull && name === "LMSGetValue") result = null;
    window.calls.push({name, args, result: String(result), error: String(window.API.LMSGetLastError())});
    return result;
  };
}
</script>
<style>body { margin: 0 } iframe { border: 0; width: 100%; height: 100vh }</style>
</head>
<body>
<iframe id="sco" title="Leçon"></iframe>
<script>document.getElementById("sco").src = params.get("sco");</script>
</body>
</html>
"""

BLANK_PAGE = "<!DOCTYPE html><html lang='fr'><title>Vidéo</title><body></body></html>"


def _require(path: Path, what: str, command: str) -> None:
    if not path.exists():
        pytest.fail(
            f"{path} is missing: {what} is needed by the browser tests. Install it with `{command}` "
            f"(see {SETUP}), or set SCORMPACK_SKIP_BROWSER=1 to skip these tests on purpose.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    if os.environ.get("SCORMPACK_SKIP_BROWSER") == "1":
        pytest.skip("SCORMPACK_SKIP_BROWSER=1")
    _require(CHROMIUM, "Debian's chromium", "apt-get install -y chromium")
    _require(SCORM_AGAIN, "the npm package scorm-again (the test LMS)", "npm ci")
    _require(AXE, "the npm package axe-core (the accessibility checker)", "npm ci")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class Site:
    """The served folder: /lms.html, /vendor/*.js and one /pkg/<name>/ per unzipped package."""

    root: Path
    base: str
    _zips: Path
    packages: dict[str, str] = field(default_factory=dict)

    def publish(self, name: str, members: Mapping[str, bytes]) -> str:
        """Zip the members as the build does, unzip the bytes like an LMS; returns the launch URL."""
        archive = self._zips / f"{name}.zip"
        zip_bytes_to(archive, members)
        return self.publish_zip(name, archive)

    def publish_zip(self, name: str, archive: Path) -> str:
        target = self.root / "pkg" / name
        shutil.rmtree(target, ignore_errors=True)
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(target)
        self.packages[name] = f"{self.base}/pkg/{name}/index.html"
        return self.packages[name]

    def lms_url(
        self, name: str, cmi: dict | None = None, *, ended: bool = False, refuse: list[str] | None = None,
        get_null: bool = False,
    ) -> str:
        """The test LMS launching `name`; `ended`, `refuse` and `get_null` make it misbehave (see LMS_PAGE)."""
        url = f"{self.base}/lms.html?sco={quote(f'/pkg/{name}/index.html')}"
        if cmi is not None:
            url += "&cmi=" + quote(json.dumps(cmi))
        if ended:
            url += "&ended=1"
        if refuse:
            url += "&refuse=" + quote(json.dumps(refuse))
        if get_null:
            url += "&get_null=1"
        return url


@pytest.fixture(scope="session")
def site(browser_requirements, tmp_path_factory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("site")
    (root / "vendor").mkdir()
    shutil.copyfile(SCORM_AGAIN, root / "vendor" / "scorm12.js")
    shutil.copyfile(AXE, root / "vendor" / "axe.min.js")
    (root / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root=root, base=f"http://127.0.0.1:{server.server_port}", _zips=tmp_path_factory.mktemp("zips"))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser(browser_requirements) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Console:
    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def warnings_and_errors(self) -> list[str]:
        return [m for m in self.messages if m.startswith(("error:", "warning:"))] + self.errors


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture(scope="session")
def context(browser, site):
    """One context for the session (the lesson keeps no cookie or storage), offline but for the server."""
    # Reduced motion: the lesson then scrolls without animation, and Playwright's clicks need not wait for it.
    shared = browser.new_context(viewport={"width": 1000, "height": 900}, locale="fr-FR", reduced_motion="reduce")
    shared.set_default_timeout(5000)
    # Only other hosts are intercepted: local requests skip the round trip through Python.
    elsewhere = re.compile(rf"^(?!{re.escape(site.base)}/)[a-z]+://")
    shared.route(elsewhere, lambda route: route.fulfill(status=200, content_type="text/html", body=BLANK_PAGE))
    try:
        yield shared
    finally:
        shared.close()


@pytest.fixture
def page(context, console):
    """A fresh page per test; pages a test opens besides it are closed with it."""
    opened = context.new_page()
    opened.on("console", lambda message: console.messages.append(f"{message.type}: {message.text}"))
    opened.on("pageerror", lambda error: console.errors.append(f"pageerror: {error}"))
    try:
        yield opened
    finally:
        for each in context.pages:
            each.close()
