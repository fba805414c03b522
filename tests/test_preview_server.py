"""The preview server in-process (no browser): routes, refusals and what can be reached."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import struct
import threading
import time

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
        ("PATCH", "/api/resources", 405),
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


def raw_request(preview, head: bytes, body: bytes = b"", timeout: float = 10) -> tuple[int, dict | bytes, dict]:
    """Send bytes as they are (headers http.client would correct) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", preview.port), timeout=timeout) as connection:
        connection.sendall(head + b"\r\n\r\n" + body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    header_block, _, payload = rest.partition(b"\r\n\r\n")
    headers = dict(line.decode().split(": ", 1) for line in header_block.split(b"\r\n") if line)
    kind = headers.get("Content-Type", "")
    parsed = json.loads(payload) if payload and kind.startswith("application/json") else payload
    return int(status_line.split()[1]), parsed, headers


def put_head(preview, length: str | None, token: bool = True, extra: str = "") -> bytes:
    lines = [f"PUT /api/resources/{SEED.stem}/quiz HTTP/1.1", f"Host: 127.0.0.1:{preview.port}"]
    if token:
        lines.append(f"{TOKEN_HEADER}: {preview.token}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if extra:
        lines.append(extra)
    return "\r\n".join(lines).encode()


@pytest.mark.parametrize(
    ("length", "status", "words"),
    [
        ("abc", 400, "Content-Length: not a number"),
        ("-1", 400, "Content-Length: not a number"),
        ("+2", 400, "Content-Length: not a number"),
        ("1e3", 400, "Content-Length: not a number"),
        ("2, 2", 400, "Content-Length: not a number"),
        ("99999999999999999999", 413, "body: over"),
    ],
)
@pytest.mark.parametrize("token", [True, False])
def test_a_bad_content_length_is_a_json_400_at_once(served, length, status, words, token):
    # finding 12: int("abc") was a 500, and a read of -1 bytes held the thread until the client left
    preview, sources = served
    before = sorted(p.name for p in sources.iterdir())
    got, answer, _ = raw_request(preview, put_head(preview, length, token, "Content-Type: application/json"), b"{}")
    assert got == status and words in answer["error"]
    assert sorted(p.name for p in sources.iterdir()) == before


def test_a_body_without_length_is_411(served):
    preview, _ = served
    head = put_head(preview, None, extra="Transfer-Encoding: chunked")
    status, answer, _ = raw_request(preview, head, b"2\r\n{}\r\n0\r\n\r\n")
    assert status == 411 and answer["error"].startswith("Content-Length:")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "body: nested deeper than"),
        (b'{"pairs": ' + b"[" * 50 + b"]" * 50 + b"}", "body: nested deeper than"),
        (b'{"pairs": NaN}', "body: not JSON"),
        (b'{"pairs": [], "pairs": [1]}', "body: not JSON"),
        (b"\xff\xfe{}", "body: not JSON"),
        (b'{"pairs": [}', "body: not JSON"),
        (b"[]", "body: not a JSON object"),
        (b'{"pairs": [{"actor": "\\ud800", "role": "r"}]}', "body: not JSON (a lone surrogate"),
    ],
)
@pytest.mark.parametrize("token", [True, False])
def test_a_malformed_body_is_a_json_400(served, body, words, token):
    preview, sources = served
    before = {p.name: p.read_bytes() for p in sources.iterdir()}
    head = put_head(preview, str(len(body)), token, "Content-Type: application/json")
    status, answer, _ = raw_request(preview, head, body)
    assert status == 400 and answer["error"].startswith(words), answer
    assert {p.name: p.read_bytes() for p in sources.iterdir()} == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"pairs": "x"}, "pairs", "body: pairs: must be a list of {id, actor, role} objects"),
        ({"pairs": None}, "pairs", "body: pairs: must be a list of {id, actor, role} objects"),
        ({"pairs": [{"actor": "A", "role": "r"}, 3]}, "pairs[2]", "body: pairs[2]: must be an {id, actor, role} object"),
        ({"pairs": [{"actor": 5, "role": "r"}]}, "pairs[1].actor", "body: pairs[1].actor: must be a text (not a number)"),
        ({"pairs": [{"actor": "A", "role": ["r"]}]}, "pairs[1].role", "body: pairs[1].role: must be a text (not a list)"),
    ],
)
def test_a_wrong_body_is_reported_against_the_body_not_the_source(served, body, field, message):
    # finding 20: the message named the .md file, which has nothing to do with it
    preview, _ = served
    status, answer = call(preview, "PUT", f"/api/resources/{SEED.stem}/quiz", body, {TOKEN_HEADER: preview.token})
    assert status == 400
    assert answer["error"] == message
    assert answer["problems"] == [{"field": field, "message": message}]


def _handlers_done(deadline: float = 20) -> None:
    """Wait until the server's request threads have finished (not a speed check: a loaded machine)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if not [t for t in threading.enumerate() if "process_request_thread" in t.name]:
            return
        time.sleep(0.05)


def test_a_client_that_disconnects_costs_nothing_on_the_terminal(served, capfd):
    # finding 13: the refusal written to a reset connection printed socketserver's 40-line traceback
    preview, _ = served
    body = b'{"pairs": "x"}'
    for _ in range(5):
        connection = socket.create_connection(("127.0.0.1", preview.port))
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.sendall(put_head(preview, str(len(body))) + b"\r\n\r\n" + body)
        connection.close()  # with linger 0: a reset, before the answer is read
    for _ in range(3):  # and one that goes before sending the body it announced
        connection = socket.create_connection(("127.0.0.1", preview.port))
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.sendall(put_head(preview, "100") + b"\r\n\r\n" + b'{"pa')
        connection.close()
    _handlers_done()
    assert call(preview, "GET", "/api/resources")[0] == 200
    _handlers_done()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err
    assert len(err.splitlines()) <= 8


@pytest.mark.parametrize("method", ["PATCH", "TRACE", "CONNECT", "PROPFIND", "OPTIONS", "HEAD", "GET"])
def test_every_method_is_checked_for_host(served, method):
    # finding 19: methods without a handler got the stdlib's HTML 501 page, before any Host check
    preview, _ = served
    head = f"{method} /api/resources HTTP/1.1\r\nHost: evil.example".encode()
    status, answer, headers = raw_request(preview, head)
    assert status == 403
    if method != "HEAD":
        assert answer["error"].startswith("Host:")
    assert headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", "/api/resources", "GET, HEAD, OPTIONS"),
        ("TRACE", "/", "GET, HEAD, OPTIONS"),
        ("PROPFIND", f"/api/resources/{SEED.stem}/attempts", "GET, HEAD, POST, DELETE, OPTIONS"),
        ("POST", f"/api/resources/{SEED.stem}/quiz", "PUT, OPTIONS"),
    ],
)
def test_a_method_the_path_does_not_take_is_a_json_405_with_allow(served, method, path, allow):
    preview, _ = served
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\nContent-Length: 0".encode()
    status, answer, headers = raw_request(preview, head)
    assert status == 405 and answer["error"].startswith(f"{method} is not allowed")
    assert headers["Allow"] == allow


def test_head_is_answered_like_get_without_a_body(served):
    preview, _ = served
    for path in ["/", f"/resources/{SEED.stem}", "/api/resources", f"/lesson/{SEED.stem}/index.html"]:
        got, page, got_headers = raw_request(preview, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}".encode())
        status, body, headers = raw_request(preview, f"HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}".encode())
        assert (status, body) == (200, b""), path
        assert got == 200 and headers["Content-Type"] == got_headers["Content-Type"]
        assert headers["Content-Length"] == got_headers["Content-Length"] != "0" and page


def test_options_lists_the_methods_and_checks_the_origin(served):
    preview, _ = served
    path = f"/api/resources/{SEED.stem}/quiz"
    head = f"OPTIONS {path} HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}".encode()
    status, body, headers = raw_request(preview, head)
    assert (status, body, headers["Allow"]) == (204, b"", "PUT, OPTIONS")
    assert "Access-Control-Allow-Origin" not in headers
    status, answer, _ = raw_request(preview, head + b"\r\nOrigin: http://evil.example")
    assert status == 403 and answer["error"].startswith("Origin:")
