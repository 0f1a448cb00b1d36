"""The WebKit session watchdog (tests/webkit/watchdog.py) against fake drivers: one that answers
``GET /status`` and then never answers ``POST /session`` (what WebKitWebDriver once did), one
that hangs only the first time, one that never listens. The watchdog must give up within its
bound, say what hung, and leave no process of the fake driver's group behind."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from tests.webkit.watchdog import SessionStartFailed, start_session

# argv: -p PORT; env FAKE_DIR (a folder for its notes), FAKE_MODE (hang | hang-once | silent).
FAKE = r'''
import http.server, json, os, subprocess, sys, time
port, folder, mode = int(sys.argv[2]), os.environ["FAKE_DIR"], os.environ["FAKE_MODE"]
# a child in the same process group, as MiniBrowser is the driver's
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
with open(os.path.join(folder, "pids"), "a") as f:
    f.write(f"{os.getpid()} {child.pid}\n")
attempt = sum(1 for _ in open(os.path.join(folder, "pids")))
if mode == "silent":
    time.sleep(600)

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def answer(self, value):
        body = json.dumps({"value": value}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        self.answer({"ready": True})
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        if mode == "hang" or (mode == "hang-once" and attempt == 1):
            time.sleep(600)
        self.answer({"sessionId": f"fake-{attempt}", "capabilities": {"browserName": "fake"}})
    def do_DELETE(self):
        self.answer(None)

http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
'''


@pytest.fixture
def fake(tmp_path: Path):
    driver = tmp_path / "FakeWebDriver"
    driver.write_text(f"#!{sys.executable}\n{FAKE}")
    driver.chmod(0o755)
    return driver, tmp_path


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (dead, not yet reaped by its parent) counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


def survivors(pids: list[int], within: float = 5.0) -> list[int]:
    """The pids still alive once SIGKILL has had ``within`` seconds to land."""
    deadline = time.monotonic() + within
    while (left := [p for p in pids if alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.02)
    return left


def pids(folder: Path) -> list[int]:
    return [int(p) for line in (folder / "pids").read_text().split("\n") if line for p in line.split()]


def test_a_session_start_that_never_answers_is_given_up_within_the_bound_and_named(fake):
    driver, folder = fake
    t0 = time.monotonic()
    with pytest.raises(SessionStartFailed) as failed:
        start_session(str(driver), {"browserName": "MiniBrowser"}, env={"FAKE_DIR": str(folder), "FAKE_MODE": "hang"},
                      attempts=2, listen_timeout=10, session_timeout=1.0)
    elapsed = time.monotonic() - t0
    message = str(failed.value)
    assert "2 attempts" in message and message.count("POST /session") == 2, message
    assert "did not answer within 1 s" in message and str(driver) in message, message
    # 2 × 1 s for the session plus the fake's start-up (a Python interpreter each) and the kills
    assert elapsed < 2 * 1.0 + 8, elapsed
    started = pids(folder)
    assert len(started) == 4  # two drivers, each with its child
    assert not survivors(started), "a process of a killed driver's group survived"


def test_a_start_that_hangs_once_is_retried_and_the_second_session_is_used(fake):
    driver, folder = fake
    started = start_session(str(driver), {"browserName": "MiniBrowser"},
                            env={"FAKE_DIR": str(folder), "FAKE_MODE": "hang-once"}, attempts=3, session_timeout=1.0)
    try:
        assert started.session_id == "fake-2" and started.capabilities == {"browserName": "fake"}
        first_driver, first_child, *_ = pids(folder)
        assert not survivors([first_driver, first_child])
    finally:
        started.stop()
    assert not survivors(pids(folder))


def test_a_driver_that_never_listens_is_named_as_such(fake):
    driver, folder = fake
    t0 = time.monotonic()
    with pytest.raises(SessionStartFailed, match=r"did not answer GET /status within 1 s"):
        start_session(str(driver), {}, env={"FAKE_DIR": str(folder), "FAKE_MODE": "silent"},
                      attempts=1, listen_timeout=1.0, session_timeout=1.0)
    assert time.monotonic() - t0 < 1.0 + 5
    assert not survivors(pids(folder))
