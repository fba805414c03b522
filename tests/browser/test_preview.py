"""`scormpack preview` end to end: a real server process on a free port, driven by Debian's Chromium.

One server for the module (started once, stopped with Ctrl-C by the last test); the tests run in file
order and build on each other as a reviewer would: catalogue, lesson, relaunch, quiz edit, bad edit.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scormpack.quiz import quiz_for
from scormpack.reader import read_resource
from scormpack.render import quiz_view

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "acteurs-institutionnels-numerique-educatif-1er-degre.md"
SLUG = SEED.stem
BROKEN = "---\narea: Domaine 2\ntitle: Une ressource cassée\n---\n\n## Transcription\n\nTexte.\n"
SCREENSHOT = ROOT / "docs" / "preview.png"
pytestmark = pytest.mark.browser
BLANK_PAGE = "<!DOCTYPE html><html lang='fr'><title>Vidéo</title><body></body></html>"


@dataclass
class Server:
    process: subprocess.Popen
    folder: Path
    port: int
    output: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: object = None, headers: dict | None = None):
        """A request from outside any page (no browser), as another program or a hostile page would send."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        data = json.dumps(body).encode() if body is not None else None
        sent = {"Host": f"127.0.0.1:{self.port}"} | ({"Content-Type": "application/json"} if data else {})
        connection.request(method, path, body=data, headers=sent | (headers or {}))
        response = connection.getresponse()
        payload = json.loads(response.read() or b"null")
        connection.close()
        return response.status, payload


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reader(stream, sink: list[str]) -> None:
    for line in stream:
        sink.append(line.rstrip("\n"))


@pytest.fixture(scope="module")
def server(browser_requirements, tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    sources = folder / "ressources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    (sources / "cassee.md").write_text(BROKEN, encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scormpack", "preview", "ressources", "--port", str(port)],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    started = Server(process, folder, port)
    threading.Thread(target=_reader, args=(process.stdout, started.output), daemon=True).start()
    threading.Thread(target=_reader, args=(process.stderr, started.errors), daemon=True).start()
    deadline = time.monotonic() + 60
    while not any(line.startswith("preview: http") for line in started.output):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"preview did not start: {started.output} {started.errors}")
        time.sleep(0.05)
    url = next(line for line in started.output if line.startswith("preview: http")).split()[1]
    started.port = int(re.search(r":(\d+)/", url).group(1))
    try:
        yield started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def preview_context(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="fr-FR", reduced_motion="reduce")
    context.set_default_timeout(10000)
    # Offline: the lesson's video iframe (another host) gets an empty local page.
    elsewhere = re.compile(rf"^(?!{re.escape(server.base)}/)[a-z]+://")
    context.route(elsewhere, lambda route: route.fulfill(status=200, content_type="text/html", body=BLANK_PAGE))
    yield context
    context.close()


@pytest.fixture
def tab(preview_context):
    opened = preview_context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    opened.close()
    assert not errors, errors


def correct_answers(source: Path) -> dict[str, str]:
    resource = read_resource(source)
    view = quiz_view(resource, quiz_for(resource), attempts=3)
    return {item.id: item.answer for item in view.items}


def open_lesson(tab, server):
    tab.goto(f"{server.base}/resources/{SLUG}")
    frame = tab.frame_locator("#lecon")
    frame.locator("#quiz.quiz-form--ready").wait_for()
    tab.locator("body.review-ready").wait_for()
    return frame


def latest_attempt(server) -> dict:
    status, data = server.request("GET", f"/api/resources/{SLUG}/attempts")
    assert status == 200
    return data["attempts"][-1]


def token_of(tab) -> str:
    return tab.get_attribute('meta[name="scormpack-token"]', "content")


# ---- tests, in a reviewer's order -----------------------------------------------------------------


def test_catalogue_lists_each_resource_with_the_build_error(tab, server, tmp_path):
    tab.goto(server.base + "/")
    tab.locator("body.ready").wait_for()
    rows = tab.locator("#catalogue tbody tr")
    assert rows.count() == 2
    seed = tab.locator(f'tr[data-slug="{SLUG}"]')
    assert "Les acteurs institutionnels" in seed.inner_text()
    assert "construit" in seed.inner_text()
    status, listed = server.request("GET", "/api/resources")
    assert status == 200
    pairs = next(r for r in listed["resources"] if r["slug"] == SLUG)["quiz"]["pairs"]
    assert f"{pairs} paire(s)" in seed.inner_text() and pairs >= 3
    # The error reads exactly as `scormpack build` prints it.
    build = subprocess.run(
        [sys.executable, "-m", "scormpack", "build", "ressources/cassee.md", "-o", str(tmp_path)],
        cwd=server.folder, capture_output=True, text=True, check=False,
    )
    printed = next(line for line in build.stderr.splitlines() if line.startswith("error: "))
    assert tab.locator('tr[data-slug="cassee"] pre.error').inner_text() == printed
    broken = next(r for r in listed["resources"] if r["slug"] == "cassee")
    assert broken["status"] == "error" and broken["error"] == printed
    # The preview never writes dist/.
    assert not (server.folder / "dist").exists()


def test_lesson_answered_correctly_is_passed_with_100(tab, server):
    frame = open_lesson(tab, server)
    for item_id, target in correct_answers(SEED).items():
        frame.locator(f"#choix-{item_id}").select_option(target)
    frame.locator("#valider").click()
    frame.locator("#resultat .quiz-score").wait_for()
    tab.wait_for_function("document.getElementById('cmi-status').textContent === 'passed'")
    assert tab.inner_text("#cmi-score") == "100"
    assert tab.inner_text("#cmi-erreurs") == "aucun"
    assert tab.locator("#cmi-interactions tbody tr").count() == len(correct_answers(SEED))
    values = latest_attempt(server)["values"]
    assert values["cmi.core.lesson_status"] == "passed"
    assert values["cmi.core.score.raw"] == "100"
    assert all(c["error"] == "0" for c in latest_attempt(server)["calls"])
    if os.environ.get("SCORMPACK_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        # The top of the page (the lesson's score beside the LMS panel) is what the README shows.
        tab.screenshot(path=str(SCREENSHOT), scale="css", type="png", clip={"x": 0, "y": 0, "width": 1200, "height": 760})


def test_relaunch_restores_the_answers(tab, server):
    frame = open_lesson(tab, server)
    before = latest_attempt(server)
    tab.click("#relancer")
    tab.wait_for_function(
        "n => document.getElementById('cmi-tentative').textContent.includes('lancement ' + n)", arg=before["launches"] + 1
    )
    frame = tab.frame_locator("#lecon")
    frame.locator("#quiz.quiz-form--ready").wait_for()
    for item_id, target in correct_answers(SEED).items():
        assert frame.locator(f"#choix-{item_id}").input_value() == target
    after = latest_attempt(server)
    assert after["number"] == before["number"]
    assert after["values"]["cmi.core.lesson_status"] == "passed"
    # The lesson read back what the LMS kept.
    gets = [c for c in after["calls"] if c["launch"] == after["launches"] and c["method"] == "LMSGetValue"]
    assert any(c["element"] == "cmi.suspend_data" and c["result"] for c in gets)


def test_leaving_the_page_finishes_the_session(tab, server):
    open_lesson(tab, server)
    launch = latest_attempt(server)["launches"]
    tab.goto(server.base + "/")
    # The page being left cannot wait for an answer: the lesson's LMSFinish goes as a beacon.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        calls = [c for c in latest_attempt(server)["calls"] if c["launch"] == launch]
        if any(c["method"] == "LMSFinish" for c in calls):
            break
        time.sleep(0.1)
    assert [c["method"] for c in calls][-1:] == ["LMSFinish"]
    assert all(c["error"] == "0" for c in calls)


def _with_role(text: str, pair_id: str, role: str) -> str:
    """`quiz --write`'s text with one pair's role replaced (its other lines, comments included, as they were)."""
    lines = text.split("\n")
    start = lines.index(f"  - id: {pair_id}")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(("  - ", "  #")) or not lines[i])
    item = lines[start:end]
    at = next(i for i, line in enumerate(item) if line.startswith("    role: "))
    after = next((i for i in range(at + 1, len(item)) if not item[i].startswith("      ")), len(item))
    item[at:after] = [f"    role: {role}"]
    return "\n".join(lines[:start] + item + lines[end:])


def test_edited_role_is_saved_as_quiz_write_writes_it_and_built(tab, server, tmp_path):
    open_lesson(tab, server)
    status, resource = server.request("GET", f"/api/resources/{SLUG}")
    assert status == 200 and resource["quiz_origin"] == "derived"
    first = resource["pairs"][0]
    new_role = "Conseille les écoles pour leurs projets numériques."
    tab.fill("#role-0", new_role)
    with tab.expect_response(lambda r: r.url.endswith(f"/api/resources/{SLUG}/quiz")) as put:
        tab.click("#enregistrer")
    assert put.value.status == 200
    written = server.folder / "ressources" / f"{SLUG}.quiz.yaml"
    # What `scormpack quiz --write` writes for the same source, with that one role changed.
    shutil.copy(SEED, tmp_path / SEED.name)
    subprocess.run([sys.executable, "-m", "scormpack", "quiz", SEED.name, "--write"], cwd=tmp_path, check=True,
                   capture_output=True)
    expected = _with_role((tmp_path / f"{SLUG}.quiz.yaml").read_text(encoding="utf-8"), first["id"], new_role)
    assert written.read_text(encoding="utf-8") == expected
    # The page reloads on the rebuild and says the reviewed file is now the quiz.
    tab.locator("#quiz-origine", has_text="Quiz relu").wait_for()
    assert "Enregistré" in tab.inner_text("#quiz-message")
    # The next `build` uses it.
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "scormpack", "build", f"ressources/{SEED.name}", "-o", str(out)],
                   cwd=server.folder, check=True, capture_output=True)
    with zipfile.ZipFile(out / f"{SLUG}.zip") as package:
        lesson = package.read("index.html").decode()
    assert "Conseille les écoles pour leurs projets numériques." in lesson
    assert first["role"].split()[0:6] != new_role.split()[0:6]


def test_bad_edit_is_refused_with_the_build_message_beside_the_field(tab, server):
    open_lesson(tab, server)
    written = server.folder / "ressources" / f"{SLUG}.quiz.yaml"
    before = written.read_bytes()
    tab.fill("#acteur-1", "   ")
    with tab.expect_response(lambda r: r.url.endswith(f"/api/resources/{SLUG}/quiz")) as put:
        tab.click("#enregistrer")
    assert put.value.status == 400
    problem = put.value.json()["problems"][0]
    assert problem["field"] == "pairs[2].actor"
    shown = tab.locator("#erreur-pairs-2-actor")
    shown.wait_for()
    assert re.fullmatch(rf".*/{SLUG}\.quiz\.yaml:\d+: pairs\[2\]\.actor: must be a non-empty text", shown.inner_text())
    assert shown.inner_text() == problem["message"]
    assert tab.get_attribute("#acteur-1", "aria-invalid") == "true"
    assert written.read_bytes() == before


def test_writes_need_the_token_and_this_origin(tab, server):
    open_lesson(tab, server)
    token = token_of(tab)
    body = {"pairs": []}
    path = f"/api/resources/{SLUG}/quiz"
    written = server.folder / "ressources" / f"{SLUG}.quiz.yaml"
    before = written.read_bytes()
    assert server.request("PUT", path, body)[0] == 403
    assert server.request("PUT", path, body, {"X-Scormpack-Token": "not-the-token"})[0] == 403
    status, refused = server.request("PUT", path, body, {"X-Scormpack-Token": token, "Origin": "http://evil.example"})
    assert status == 403 and "Origin" in refused["error"]
    status, refused = server.request("GET", "/api/resources", headers={"Host": "evil.example:80"})
    assert status == 403 and "Host" in refused["error"]
    assert server.request("DELETE", f"/api/resources/{SLUG}/attempts", headers={"Origin": "http://evil.example"})[0] == 403
    # navigator.sendBeacon cannot set a header: the token may come in the JSON body instead.
    calls = f"/api/resources/{SLUG}/attempts/{latest_attempt(server)['number']}/calls"
    probe = {"method": "LMSGetValue", "element": "cmi.core.lesson_status"}
    assert server.request("POST", calls, probe | {"token": "not-the-token"})[0] == 403
    assert server.request("POST", calls, probe | {"token": token})[0] == 200
    assert written.read_bytes() == before
    assert latest_attempt(server)["values"]["cmi.core.lesson_status"] == "passed"
    # Only slugs: a path out of the sources is no resource at all.
    assert server.request("GET", "/api/resources/..%2F..%2Fetc")[0] == 404
    assert server.request("GET", f"/lesson/{SLUG}/../../scormpack.toml")[0] == 404


def test_the_panel_flags_what_moodle_would_refuse(tab, server):
    open_lesson(tab, server)
    tab.wait_for_function("document.getElementById('cmi-status').textContent === 'passed'")
    answers = tab.evaluate(
        """() => [
          [API.LMSSetValue("cmi.core.score.raw", "1000"), API.LMSGetLastError(), API.LMSGetDiagnostic("")],
          [API.LMSSetValue("cmi.core.session_time", "0:05:00"), API.LMSGetLastError(), API.LMSGetErrorString("405")],
          [API.LMSGetValue("cmi.interactions.0.id"), API.LMSGetLastError()],
          [API.LMSSetValue("cmi.core.lesson_location", "page-2"), API.LMSGetLastError()],
        ]"""
    )
    assert answers[0] == ["false", "405", "cmi.core.score.raw: '1000' has more than 3 integer digits (CMIDecimal)"]
    assert answers[1] == ["false", "405", "Incorrect data type"]
    assert answers[2] == ["", "404"]
    assert answers[3] == ["true", "0"]
    flagged = tab.locator("#cmi-erreurs li", has_text="session_time")
    flagged.wait_for()
    assert "405" in flagged.inner_text() and "CMITimespan" in flagged.inner_text()
    assert "more than 3 integer digits" in tab.inner_text("#cmi-erreurs")
    stored = latest_attempt(server)
    assert stored["values"]["cmi.core.score.raw"] == "100"
    assert stored["values"]["cmi.core.lesson_location"] == "page-2"


def test_a_changed_source_is_rebuilt_and_the_page_reloads(tab, server):
    tab.goto(server.base + "/")
    tab.locator("body.ready").wait_for()
    assert "erreur" in tab.locator('tr[data-slug="cassee"]').inner_text()
    fixed = SEED.read_text(encoding="utf-8").replace("title: Les acteurs", "title: Une ressource réparée, les acteurs")
    with tab.expect_navigation():
        (server.folder / "ressources" / "cassee.md").write_text(fixed, encoding="utf-8")
    tab.locator("body.ready").wait_for()
    row = tab.locator('tr[data-slug="cassee"]')
    assert "construit" in row.inner_text() and "Une ressource réparée" in row.inner_text()
    assert any(line.startswith("rebuilt: ") and "cassee" in line for line in server.errors)


def test_ctrl_c_stops_cleanly(server):
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    time.sleep(0.2)
    assert "preview: stopped" in server.output
    assert not any("Traceback" in line for line in server.errors), server.errors
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
