"""Figure 5: requests per second under gunicorn (one sync worker, the default) with wrk on
loopback, a wizard step (htmx partial) against the floor view, alternating in the same run."""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
PORT = int(os.environ.get("BENCH_PORT", "8301"))
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("NOT200 %d\\n", total))
end
"""


class Server:
    """gunicorn serving the bench settings on 127.0.0.1:PORT; stopped on exit."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        self.env = env
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "hireplan.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
                "--no-control-socket",  # other gunicorns on this machine share the default path
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited while starting")
            try:
                if fetch("/healthz", {"X-Forwarded-Proto": "https"})[0] == 200:
                    return self
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def wrk(path: str, headers: dict[str, str], seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script.name]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{PORT}{path}")
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 30, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(n) for n in errors.groups()) if errors else 0
    not200 = int(re.search(r"NOT200 (\d+)", out).group(1))
    return {"rps": rps, "requests": requests, "socket_errors": socket_errors, "not_200": not200}


def throughput(
    env: dict[str, str],
    *,
    cookie: str,
    step_path: str,
    floor_path: str,
    rounds: int,
    seconds: int,
    connections: int = 4,
) -> dict:
    base = {"Cookie": cookie, "X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    step_headers = {**base, "HX-Request": "true"}
    runs: dict[str, list[dict]] = {"floor": [], "step": []}
    with Server(env) as server:
        for path, headers in ((floor_path, base), (step_path, step_headers)):
            status, _ = fetch(path, headers)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} under gunicorn")
        # Warm-up, then alternate so both see the same machine.
        wrk(floor_path, base, 1, connections)
        wrk(step_path, step_headers, 1, connections)
        for _ in range(rounds):
            runs["floor"].append(wrk(floor_path, base, seconds, connections))
            runs["step"].append(wrk(step_path, step_headers, seconds, connections))
        workers = server.workers
    return {"workers": workers, "connections": connections, "seconds": seconds, "runs": runs}
