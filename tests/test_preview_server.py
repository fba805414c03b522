"""The preview server in-process (no browser): routes, refusals and what can be reached."""

from __future__ import annotations

import http.client
import json
import shutil
import threading

import pytest
from support import SEED

from scormpack.preview.attempts import AttemptStore
from scormpack.preview.catalogue import Catalogue
from scormpack.preview.server import TOKEN_HEADER, Preview, make_server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    sources = folder / "ressources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    (sources / "quiz-casse.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (sources / "quiz-casse.quiz.yaml").write_text("pairs:\n  - actor: A\n", encoding="utf-8")
    catalogue = Catalogue((sources,), "scorm12", folder / ".scormpack-preview")
    catalogue.rebuild()
    preview = Preview(catalogue=catalogue, attempts=AttemptStore(folder / "attempts.json"))
    server = make_server(preview, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield preview, sources
    preview.stop()
    server.shutdown()
    server.server_close()


def call(preview, method, path, body=None, headers=None, host=None):
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    data = json.dumps(body).encode() if body is not None else None
    sent = {"Host": host or f"127.0.0.1:{preview.port}", "Content-Type": "application/json"}
    connection.request(method, path, body=data, headers=sent | (headers or {}))
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    kind = response.getheader("Content-Type", "")
    return response.status, (json.loads(raw) if kind.startswith("application/json") else raw)


def test_binds_loopback_only(served):
    preview, _ = served
    assert preview.port > 0
    assert preview.allowed_hosts() == {f"127.0.0.1:{preview.port}", f"localhost:{preview.port}"}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1", "0.0.0.0:1"])
def test_foreign_host_is_refused_even_for_reads(served, host):
    preview, _ = served
    status, body = call(preview, "GET", "/api/resources", host=host)
    assert status == 403 and body["error"].startswith("Host:")


def test_localhost_name_is_accepted(served):
    preview, _ = served
    assert call(preview, "GET", "/api/resources", host=f"localhost:{preview.port}")[0] == 200


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/resources/nope", 404),
        ("GET", "/api/resources/..%2Fsecret", 404),
        ("GET", "/api/resources/Seed", 404),
        ("GET", "/nothing", 404),
        ("PATCH", "/api/resources", 501),
        ("DELETE", "/api/resources", 405),
        ("GET", "/assets/../../pyproject.toml", 404),
        ("GET", "/assets/nothing.js", 404),
        ("GET", f"/lesson/{SEED.stem}/../../../etc/passwd", 404),
        ("GET", f"/lesson/{SEED.stem}/%2e%2e/x", 404),
    ],
)
def test_only_slugs_and_package_members_are_reachable(served, method, path, status):
    preview, _ = served
    assert call(preview, method, path)[0] == status


def test_lesson_files_come_from_the_package(served):
    preview, _ = served
    status, page = call(preview, "GET", f"/lesson/{SEED.stem}/index.html")
    assert status == 200 and b"<html" in page
    status, manifest = call(preview, "GET", f"/lesson/{SEED.stem}/imsmanifest.xml")
    assert status == 200 and b"adlcp:scormtype" in manifest


def test_pages_carry_the_token_and_a_strict_policy(served):
    preview, _ = served
    connection = http.client.HTTPConnection("127.0.0.1", preview.port)
    connection.request("GET", "/", headers={"Host": f"127.0.0.1:{preview.port}"})
    response = connection.getresponse()
    page = response.read().decode()
    assert f'content="{preview.token}"' in page
    assert "default-src 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Frame-Options") == "SAMEORIGIN"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {TOKEN_HEADER: "wrong"},
        {TOKEN_HEADER: "TOKEN", "Origin": "http://evil.example"},
        {TOKEN_HEADER: "TOKEN", "Origin": "null"},
        {TOKEN_HEADER: "TOKEN", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_writes_without_token_or_from_elsewhere_are_refused(served, headers):
    preview, sources = served
    sent = {k: (preview.token if v == "TOKEN" else v) for k, v in headers.items()}
    before = sorted(p.name for p in sources.iterdir())
    status, _ = call(preview, "PUT", f"/api/resources/{SEED.stem}/quiz", {"pairs": []}, sent)
    assert status == 403
    assert sorted(p.name for p in sources.iterdir()) == before


def test_a_broken_reviewed_file_is_not_overwritten_from_the_page(served):
    preview, sources = served
    before = (sources / "quiz-casse.quiz.yaml").read_bytes()
    body = {"pairs": [{"actor": "A", "role": "r"}, {"actor": "B", "role": "r"}, {"actor": "C", "role": "r"}]}
    status, answer = call(preview, "PUT", "/api/resources/quiz-casse/quiz", body, {TOKEN_HEADER: preview.token})
    assert status == 409
    assert answer["error"].startswith("error: ") and "quiz-casse.quiz.yaml:2: pairs[1].role: missing" in answer["error"]
    assert (sources / "quiz-casse.quiz.yaml").read_bytes() == before


def test_a_call_on_an_attempt_that_is_not_launched_is_refused(served):
    preview, _ = served
    token = {TOKEN_HEADER: preview.token}
    status, answer = call(preview, "POST", f"/api/resources/{SEED.stem}/attempts/9/calls", {"method": "LMSInitialize"}, token)
    assert status == 409
    status, answer = call(preview, "POST", f"/api/resources/{SEED.stem}/attempts/1/calls", {"method": "eval"}, token)
    assert status == 400 and answer["error"].startswith("method:")
    status, answer = call(preview, "POST", f"/api/resources/{SEED.stem}/attempts", {"new": True}, token)
    assert status == 200 and answer == {"attempt": 1}
    status, answer = call(preview, "POST", f"/api/resources/{SEED.stem}/attempts/1/calls", {"method": "LMSInitialize"}, token)
    assert (status, answer) == (200, {"result": "true", "error": "0", "flag": ""})
