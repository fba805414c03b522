"""How fast `scormpack preview` is where a reviewer feels it: start-up, a lesson's API calls, and
the time from saving a source to the reload event.

    python bench/preview.py --n 100       # a generated catalogue of N resources (bench/gen.py)

Each figure is one real `scormpack preview` process on a free port, measured from outside with
plain HTTP: start-up (until the URL is printed) with an empty preview folder and again with its
incremental state, `GET /api/resources`, the median round trip of one API call (`LMSGetValue`, what
the lesson does tens of times per submission, each synchronously), and the median delay from
writing one source to the `rebuild` event of `/api/events` (watch debounce + incremental rebuild).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from gen import generate  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(folder: Path, port: int) -> tuple[subprocess.Popen, float]:
    env = os.environ | {"PYTHONPATH": str(HERE.parent / "src"), "PYTHONUNBUFFERED": "1"}
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "scormpack", "preview", "catalogue", "--port", str(port)],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    for line in process.stdout:
        if line.startswith("preview: http"):
            return process, time.perf_counter() - began
    raise SystemExit("preview did not start")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)


def request(port: int, method: str, path: str, body: dict | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    data = json.dumps(body).encode() if body is not None else None
    sent = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"} | (headers or {})
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    payload = json.loads(response.read())
    connection.close()
    return payload


def token_of(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"})
    page = connection.getresponse().read().decode()
    connection.close()
    return page.split('name="scormpack-token" content="', 1)[1].split('"', 1)[0]


def wait_rebuild(port: int, write, repeat: int) -> list[float]:
    """Delays from `write(i)` to the rebuild event, one event stream for all."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/api/events", headers={"Host": f"127.0.0.1:{port}"})
    stream = connection.getresponse()
    events: list[float] = []
    seen = threading.Event()

    def read() -> None:
        for raw in stream:
            if raw.startswith(b"event: rebuild"):
                events.append(time.perf_counter())
                seen.set()

    threading.Thread(target=read, daemon=True).start()
    delays = []
    for index in range(repeat):
        seen.clear()
        began = time.perf_counter()
        write(index)
        if not seen.wait(30):
            raise SystemExit("no rebuild event")
        delays.append(events[-1] - began)
        time.sleep(0.3)
    connection.close()
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        sources = generate(args.n, folder / "catalogue")
        port = free_port()
        process, cold = start(folder, port)
        stop(process)
        process, warm = start(folder, port)
        try:
            began = time.perf_counter()
            listed = request(port, "GET", "/api/resources")["resources"]
            listing = time.perf_counter() - began
            slug = next(r["slug"] for r in listed if r["status"] == "built")
            token = token_of(port)
            headers = {"X-Scormpack-Token": token}
            number = request(port, "POST", f"/api/resources/{slug}/attempts", {"new": True}, headers)["attempt"]
            calls = f"/api/resources/{slug}/attempts/{number}/calls"
            request(port, "POST", calls, {"method": "LMSInitialize"}, headers)
            trips = []
            for _ in range(args.calls):
                began = time.perf_counter()
                request(port, "POST", calls, {"method": "LMSGetValue", "element": "cmi.core.lesson_status"}, headers)
                trips.append(time.perf_counter() - began)
            source = sources[0]
            original = source.read_text(encoding="utf-8")
            delays = wait_rebuild(
                port, lambda i: source.write_text(original + f"\n<!-- {i} -->\n", encoding="utf-8"), args.repeat
            )
        finally:
            stop(process)
    print(f"catalogue: {args.n} resources ({len(listed)} listed)")
    print(f"start-up, empty preview folder: {cold:.2f} s")
    print(f"start-up, with its incremental state: {warm:.2f} s")
    print(f"GET /api/resources: {listing * 1000:.0f} ms")
    print(f"one API call (LMSGetValue), median of {args.calls}: {statistics.median(trips) * 1000:.2f} ms")
    print(f"source saved → rebuild event, median of {args.repeat}: {statistics.median(delays) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
