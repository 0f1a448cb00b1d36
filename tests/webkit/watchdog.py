"""A WebDriver session start that cannot hang: the driver is started here, every request to it
has a time limit, and a start that does not answer in time kills the driver with everything it
started (its process group) and tries again, a few times, then fails naming what hung.

Why: WebKitWebDriver 2.50 once accepted ``POST /session`` and never started MiniBrowser nor
answered, and Selenium's client waited with no limit, so the whole suite hung.

    started = start_session("/usr/bin/WebKitWebDriver", {"browserName": "MiniBrowser"},
                            env={"DISPLAY": ":7"}, attempts=3, session_timeout=45)
    started.url, started.session_id, started.capabilities   # "http://127.0.0.1:40123", "3f…", {…}
    started.stop()   # DELETE /session/<id> (bounded), then the driver's process group is killed
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

# Local requests only: a proxy from the environment must not see (or delay) them.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SessionStartFailed(RuntimeError):
    """The driver did not give a session in any attempt; the message says what hung each time."""


@dataclass
class Started:
    """A running driver (its own process group) and the session it gave."""

    process: subprocess.Popen
    url: str
    session_id: str
    capabilities: dict

    def stop(self, timeout: float = 15) -> None:
        """End the session (bounded: a driver that does not answer is killed anyway) and the driver."""
        with contextlib.suppress(OSError, ValueError):
            request(self.url + f"/session/{self.session_id}", None, timeout, method="DELETE")
        kill_group(self.process)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url: str, body: dict | None, timeout: float, method: str | None = None) -> dict:
    """One JSON request with a time limit (socket.timeout / URLError when it passes)."""
    data = None if body is None else json.dumps(body, default=str).encode()
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data is not None else "GET"),
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with _OPENER.open(req, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:  # a WebDriver error: its JSON body says which
        return json.loads(e.read() or b"{}")


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the driver's whole process group (the driver, MiniBrowser, its web processes)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def wait_listening(url: str, process: subprocess.Popen, timeout: float) -> str:
    """Poll ``GET /status`` until the driver answers; return "" or why it did not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"the driver exited with code {process.returncode} before it listened"
        try:
            request(url + "/status", None, timeout=2)
            return ""
        except (OSError, ValueError):
            time.sleep(0.05)
    return f"the driver did not answer GET /status within {timeout:g} s"


def start_session(driver: str, capabilities: dict, env: dict[str, str] | None = None, attempts: int = 3,
                  listen_timeout: float = 20, session_timeout: float = 45) -> Started:
    """Start ``driver -p PORT`` in its own process group and create one session with
    ``capabilities`` (W3C alwaysMatch). Each attempt waits at most ``listen_timeout`` for the
    driver to listen and ``session_timeout`` for ``POST /session``; a failed attempt kills the
    group. Raise SessionStartFailed after ``attempts`` failures (so the bound is about
    attempts × (listen_timeout + session_timeout) plus the kills)."""
    body = {"capabilities": {"firstMatch": [{}], "alwaysMatch": capabilities}}
    failures: list[str] = []
    for attempt in range(1, attempts + 1):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        process = subprocess.Popen([driver, "-p", str(port)], env={**os.environ, **(env or {})},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        why = wait_listening(url, process, listen_timeout)
        if not why:
            started = time.monotonic()
            try:
                value = request(url + "/session", body, timeout=session_timeout).get("value", {})
                if value.get("sessionId"):
                    return Started(process, url, value["sessionId"], value.get("capabilities", {}))
                why = f"POST /session was refused: {value.get('error', '?')}: {value.get('message', value)}"
            except (OSError, ValueError) as e:
                waited = time.monotonic() - started
                why = (f"POST /session (start MiniBrowser) did not answer within {session_timeout:g} s"
                       if waited >= session_timeout * 0.9 else f"POST /session failed after {waited:.1f} s: {e}")
        kill_group(process)
        failures.append(f"attempt {attempt}: {why}")
    raise SessionStartFailed(
        f"{driver} gave no WebDriver session in {attempts} attempts (each hung driver was killed with its "
        "process group): " + "; ".join(failures)
    )
