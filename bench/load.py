"""Load and concurrency run: the real app under gunicorn on 127.0.0.1, driven by simulated
hiring managers saving wizard steps and recruiters filtering their dashboard, then a check
of the database that every acknowledged save is stored exactly once.

    .venv/bin/python bench/load.py                    # SQLite 1 server, PostgreSQL 1 and 2
    .venv/bin/python bench/load.py --short            # the few-second pass CI runs
    .venv/bin/python bench/load.py --db postgres --servers 2 --managers 16 --duration 30
    .venv/bin/python bench/load.py --db sqlite --threads 8 --managers 16   # 16 writers at once

Everything runs on loopback (ports 8201-8204 by default) against a throwaway database: a
SQLite file in a temporary folder, or a PostgreSQL database named hireplan_rel_load_*
(created on 127.0.0.1:5432 and dropped afterwards; set PGURL to use another server). The run
is bounded by --duration and --max-requests and stops by itself. docs/reliability.md has the
measured figures and what each one means.

How a save is checked: each save writes a unique marker into a text answer (the context
step's industry, the lane step's deliverable, the compensation step's equity note). A save
is *acknowledged* when the app answered with its redirect (or, for htmx, the next step with
its pushed URL). Afterwards the engagement's history (one Activity per save, holding the
marker) and its stored answers must show every acknowledged marker exactly once, the last
acknowledged marker as the final answer, and versions without gaps: nothing lost, nothing
duplicated, no step half-saved. Each simulated manager has an engagement of their own, so no
save is legitimately refused; the two-writers scenario then shares one engagement between two
managers on purpose and checks that the slower save is refused with a message (never stored
silently), and that resubmitting it wins.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `python bench/load.py`
    sys.path.insert(0, str(ROOT))

from bench.browser_form import page_forms  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
HOST = "127.0.0.1"
PASSWORD = "load-run-password-not-for-production"
PGURL = os.environ.get("PGURL", "postgres://postgres@127.0.0.1:5432")
# The text answer each step's save marks, and where the app sends the manager next.
MARKED = {"context": "industry", "lane": "deliverable", "comp": "equity_note"}
NEXT = {"context": "lane", "lane": "comp", "comp": "jd"}
STALE_MESSAGE = "saved this step while you were editing"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# ----------------------------------------------------------------------------- HTML forms
def form_with(html: str, field_name: str) -> dict | None:
    """The first form of the page that has a field called `field_name`."""
    for form in page_forms(html):
        if any(name == field_name for name, _ in form["fields"]):
            return form
    return None


def replace_field(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    out = [(n, v) for n, v in fields if n != name]
    out.append((name, value))
    return out


# ----------------------------------------------------------------------------- HTTP client
@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    elapsed: float
    server: int

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class Browser:
    """One person's browser: its own cookies, spread over the app servers given.

    Requests go to the servers in turn, so with two servers a session made on one is used on
    the other, and a CSRF token from one page is posted to the other server. Requests look
    like those a TLS-terminating proxy forwards (X-Forwarded-Proto: https), so production
    settings (secure cookies, HTTPS redirect, CSRF origin check) apply unchanged.
    """

    def __init__(self, ports: list[int], timeout: float = 30.0) -> None:
        self.ports = ports
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._connections: dict[int, http.client.HTTPConnection] = {}
        self._used: dict[int, float] = {}
        self._turn = random.randrange(len(ports))

    def _connection(self, port: int) -> http.client.HTTPConnection:
        # gunicorn closes an idle kept-alive connection after 2 s; a browser would retry on a
        # fresh one. Reconnecting after a pause avoids the race instead of retrying a POST.
        if port in self._connections and time.monotonic() - self._used.get(port, 0) > 1.0:
            self._connections.pop(port).close()
        if port not in self._connections:
            self._connections[port] = http.client.HTTPConnection(HOST, port, timeout=self.timeout)
        self._used[port] = time.monotonic()
        return self._connections[port]

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    def request(
        self,
        method: str,
        path: str,
        data: list[tuple[str, str]] | None = None,
        *,
        htmx: bool = False,
        server: int | None = None,
    ) -> Response:
        if server is None:
            server = self._turn % len(self.ports)
            self._turn += 1
        port = self.ports[server]
        assert HOST in LOOPBACK
        headers = {
            "Host": f"{HOST}:{port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "hireplan-load/1",
            "Accept": "text/html,application/json",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urllib.parse.urlencode(data or [])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}:{port}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if htmx:
            headers["HX-Request"] = "true"
            headers["HX-Current-URL"] = f"https://{HOST}:{port}{path}"
        connection = self._connection(port)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            payload = raw.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            raise
        elapsed = time.perf_counter() - started
        for value in raw.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self._used[port] = time.monotonic()
        if raw.will_close:
            connection.close()
        headers_out = {k.lower(): v for k, v in raw.getheaders()}
        return Response(
            raw.status, headers_out, payload.decode("utf-8", "replace"), elapsed, server
        )

    def log_in(self, email: str, password: str = PASSWORD) -> Response:
        page = self.request("GET", "/login/")
        form = form_with(page.body, "password")
        if page.status != 200 or form is None:
            raise RuntimeError(f"login page answered {page.status}")
        fields = replace_field(form["fields"], "username", email)
        fields = replace_field(fields, "password", password)
        answer = self.request("POST", "/login/", fields)
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {email} answered {answer.status}")
        return answer


# ----------------------------------------------------------------------------- measurements
@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    interrupted: int = 0
    requests: int = 0
    wall: float = 0.0
    logins_started: int = 0
    in_flight: int = 0  # saves sent and not yet answered (the fault run kills during these)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)
            self.requests += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)
            self.requests += 1

    def cut(self) -> None:
        with self.lock:
            self.interrupted += 1
            self.requests += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict:
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 50) * 1000, 1),
        "p95_ms": round(percentile(values, 95) * 1000, 1),
        "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None,
    }


# ----------------------------------------------------------------------------- environment
def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


class Workspace:
    """A temporary folder with a settings module, collected static files and media.

    The settings module is production's (DEBUG off) with STATIC_ROOT moved into the folder,
    so a run never writes into the work tree; whitenoise serves a hashed manifest as in
    production (without pre-compressed copies, which only cost collectstatic time).
    """

    def __init__(self, keep: bool = False, fast_hash: bool = False) -> None:
        self.keep = keep
        self.path = Path(tempfile.mkdtemp(prefix="hireplan-rel-"))
        self.secret = secrets.token_urlsafe(50)
        (self.path / "media").mkdir()
        settings = (
            "from hireplan.settings import *  # noqa: F403\n"
            f"STATIC_ROOT = {str(self.path / 'static')!r}\n"
            "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': "
            "'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}\n"
        )
        if fast_hash:
            # --short only: a throwaway database whose logins need not cost a second each.
            settings += "PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n"
        (self.path / "hireplan_rel_settings.py").write_text(settings)
        self._collected = False

    def env(self, database_url: str, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "hireplan_rel_settings",
                "PYTHONPATH": os.pathsep.join([str(self.path), str(ROOT)]),
                "DEBUG": "0",
                "SECRET_KEY": self.secret,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": database_url,
                "MEDIA_ROOT": str(self.path / "media"),
                "LOG_LEVEL": "WARNING",
            }
        )
        env.update(extra)
        return env

    def manage(self, database_url: str, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(database_url),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def collectstatic(self, database_url: str) -> None:
        if not self._collected:
            self.manage(database_url, "collectstatic", "--noinput", "-v0")
            self._collected = True

    def script(self, database_url: str, command: str, payload: dict, path: str = __file__) -> dict:
        """Runs `command` of the script at `path` inside Django (setup, verify); its JSON."""
        result = subprocess.run(
            [PYTHON, path, command],
            cwd=ROOT,
            env=self.env(database_url),
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def cleanup(self) -> None:
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)


class Database:
    """A throwaway database: a SQLite file in the workspace, or a PostgreSQL database."""

    def __init__(self, engine: str, workspace: Workspace, label: str) -> None:
        self.engine = engine
        self.label = label
        if engine == "sqlite":
            self.url = f"sqlite:///{workspace.path / (label + '.sqlite3')}"
            self.name = None
        else:
            self.name = f"hireplan_rel_{label}_{os.getpid()}"
            self.url = f"{PGURL.rstrip('/')}/{self.name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{PGURL.rstrip('/')}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        if self.name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Servers:
    """`count` gunicorn instances on consecutive loopback ports, one process group each."""

    def __init__(
        self,
        workspace: Workspace,
        database: Database,
        *,
        count: int,
        first_port: int,
        workers: int,
        threads: int,
        extra_env: dict | None = None,
    ) -> None:
        self.workspace = workspace
        self.database = database
        self.ports = [first_port + n for n in range(count)]
        self.workers = workers
        self.threads = threads
        self.extra_env = extra_env or {}
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def __enter__(self) -> Servers:
        for port in self.ports:
            if not port_is_free(port):
                raise RuntimeError(f"port {port} is taken: choose others with --port")
        for port in self.ports:
            log = self.workspace.path / f"gunicorn-{self.database.label}-{port}.log"
            self.logs.append(log)
            command = [
                GUNICORN,
                "hireplan.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--error-logfile",
                str(log),
            ]
            if self.threads > 1:
                command += ["--threads", str(self.threads), "--worker-class", "gthread"]
            self.processes.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=self.workspace.env(self.database.url, **self.extra_env),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + 60
        for port in self.ports:
            while True:
                try:
                    answer = Browser([port], timeout=5).request("GET", "/healthz")
                    if answer.status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                    self.__exit__(None, None, None)
                    raise RuntimeError(f"gunicorn on port {port} did not start: see {self.logs}")
                time.sleep(0.2)
        return self

    def master_pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def worker_pids(self) -> list[int]:
        """The live worker processes of every instance (children of each master)."""
        pids = []
        for master in self.master_pids():
            try:
                children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            except OSError:
                continue
            pids += [int(pid) for pid in children]
        return pids

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


# ----------------------------------------------------------------------------- simulated people
@dataclass
class Budget:
    """The run's bounds: a deadline and a request count, whichever comes first."""

    duration: float
    max_requests: int
    stats: Stats
    parties: int
    ramp: float = 0.0  # seconds between one person's login and the next one's
    think: float = 0.0  # mean pause between one person's actions (0: as fast as answered)
    deadline: float = float("inf")
    started: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.ready = threading.Barrier(self.parties, action=self.start_clock)

    def start_clock(self) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + self.duration
        with self.stats.lock:
            self.stats.requests = 0  # logins do not count against the request budget

    def spend(self) -> bool:
        if self.stop.is_set() or time.monotonic() >= self.deadline:
            return False
        with self.stats.lock:
            return self.stats.requests < self.max_requests


@dataclass
class SaveLog:
    """What one manager sent: acknowledged markers in order, and markers whose fate is unknown."""

    engagement: int
    acked: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def acknowledged(response: Response, engagement: int, step: str) -> bool:
    following = f"/engagements/{engagement}/{NEXT[step]}/"
    if response.status == 302:
        return response.header("location").endswith(following)
    return response.status == 200 and response.header("hx-push-url").endswith(following)


def save_step(
    browser: Browser, engagement: int, step: str, marker: str, *, htmx: bool, stats: Stats
) -> tuple[str, Response | None]:
    """GET the step, put `marker` into its text answer, POST it. Returns the outcome:
    "acked", "refused" (the stale message), "unknown" (the connection broke) or "error"."""
    url = f"/engagements/{engagement}/{step}/"
    try:
        page = browser.request("GET", url)
    except (OSError, http.client.HTTPException):
        stats.cut()
        return "skipped", None
    stats.add("step page", page.elapsed)
    form = form_with(page.body, "version") if page.status == 200 else None
    if form is None:
        stats.error(f"GET {url} answered {page.status} without the step form")
        return "error", page
    fields = replace_field(form["fields"], MARKED[step], marker)
    with stats.lock:
        stats.in_flight += 1
    try:
        answer = browser.request("POST", url, fields, htmx=htmx)
    except (OSError, http.client.HTTPException):
        stats.cut()
        return "unknown", None
    finally:
        with stats.lock:
            stats.in_flight -= 1
    stats.add("step save (htmx)" if htmx else "step save", answer.elapsed)
    if acknowledged(answer, engagement, step):
        return "acked", answer
    if answer.status == 200 and STALE_MESSAGE in answer.body:
        return "refused", answer
    problem = re.search(r'role="alert"[^>]*>(.{0,300})', answer.body, re.S)
    stats.errors.append(
        f"POST {url} answered {answer.status}: {problem.group(1) if problem else ''}"
    )
    return "error", answer


def pause(budget: Budget, rng: random.Random) -> None:
    """A person reads and types between two requests: think × 0.5 to 1.5 seconds."""
    if budget.think > 0:
        time.sleep(budget.think * rng.uniform(0.5, 1.5))


def get_ready(browser: Browser, email: str, warm_up: str, budget: Budget) -> bool:
    """Logs in and loads a first page (not timed), then waits until everyone has: the clock
    starts once all are in, so slow password hashing does not eat the measured time."""
    ok = True
    with budget.stats.lock:
        place = budget.stats.logins_started
        budget.stats.logins_started += 1
    time.sleep(place * budget.ramp)  # people arrive one after another, not all in one second
    try:
        started = time.perf_counter()
        browser.log_in(email)
        budget.stats.add("log in", time.perf_counter() - started)
        browser.request("GET", warm_up)
    except (OSError, http.client.HTTPException, RuntimeError) as exc:
        budget.stats.error(f"{email} could not log in: {exc}")
        ok = False
    try:
        budget.ready.wait(timeout=300)
    except threading.BrokenBarrierError:
        return False
    return ok


def manager_loop(
    ports: list[int], email: str, engagement: int, number: int, budget: Budget, log: SaveLog
) -> None:
    browser = Browser(ports)
    stats = budget.stats
    if not get_ready(browser, email, f"/engagements/{engagement}/context/", budget):
        return
    steps = ["context", "lane", "comp"]
    rng = random.Random(number)
    seq = 0
    while budget.spend():
        step = steps[seq % len(steps)]
        marker = f"m{number}-s{seq}-{secrets.token_hex(3)}"
        outcome, _ = save_step(browser, engagement, step, marker, htmx=seq % 2 == 1, stats=stats)
        pause(budget, rng)
        if outcome == "acked":
            log.acked.append((step, marker))
        elif outcome == "unknown":
            log.unknown.append((step, marker))
        elif outcome == "refused":
            log.refused.append((step, marker))
            stats.errors.append(f"save of {marker} refused as stale on an unshared plan")
        seq += 1
    browser.close()


def recruiter_loop(ports: list[int], email: str, filters: dict, budget: Budget) -> None:
    browser = Browser(ports)
    stats = budget.stats
    rng = random.Random(email)
    if not get_ready(browser, email, "/review/", budget):
        return
    while budget.spend():
        params = {}
        if rng.random() < 0.5:
            params["q"] = rng.choice(filters["words"])
        for name in ("status", "lane", "level"):
            if rng.random() < 0.3:
                params[name] = rng.choice(filters[name])
        if rng.random() < 0.3:
            params["blockers"] = "on"
        params["sort"] = rng.choice(filters["sort"])
        if rng.random() < 0.2:
            params["page"] = "2"
        htmx = rng.random() < 0.5
        pause(budget, rng)
        path = "/review/?" + urllib.parse.urlencode(params)
        try:
            answer = browser.request("GET", path, htmx=htmx)
        except (OSError, http.client.HTTPException):
            stats.cut()
            continue
        if answer.status == 200 and 'id="results"' in answer.body:
            stats.add("dashboard filter", answer.elapsed)
        else:
            stats.error(f"GET {path} answered {answer.status}")
        if rng.random() < 0.15:
            target = rng.choice(filters["engagements"])
            try:
                detail = browser.request("GET", f"/review/{target}/")
            except (OSError, http.client.HTTPException):
                stats.cut()
                continue
            if detail.status == 200:
                stats.add("review page", detail.elapsed)
            else:
                stats.error(f"GET /review/{target}/ answered {detail.status}")
    browser.close()


def run_people(ports: list[int], people: dict, config: argparse.Namespace) -> tuple[Stats, dict]:
    stats = Stats()
    parties = len(people["managers"]) + len(people["recruiters"])
    budget = Budget(config.duration, config.max_requests, stats, parties, config.ramp, config.think)
    logs = {m["engagement"]: SaveLog(m["engagement"]) for m in people["managers"]}
    threads = [
        threading.Thread(
            target=manager_loop,
            args=(ports, m["email"], m["engagement"], n, budget, logs[m["engagement"]]),
            daemon=True,
        )
        for n, m in enumerate(people["managers"])
    ] + [
        threading.Thread(
            target=recruiter_loop, args=(ports, email, people["filters"], budget), daemon=True
        )
        for email in people["recruiters"]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=config.duration + 420)
    budget.stop.set()
    stats.wall = time.monotonic() - budget.started if budget.started else 0.0
    return stats, logs


def post_at_once(jobs: list[tuple[Browser, str, list]]) -> list[Response | None]:
    """Sends each (browser, url, fields) POST from its own thread, released together."""
    gate = threading.Barrier(len(jobs))
    answers: list[Response | None] = [None] * len(jobs)

    def post(index: int) -> None:
        browser, url, fields = jobs[index]
        gate.wait()
        try:
            answers[index] = browser.request("POST", url, fields)
        except (OSError, http.client.HTTPException):
            answers[index] = None

    workers = [threading.Thread(target=post, args=(i,)) for i in range(len(jobs))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return answers


def two_writers(ports: list[int], pair: dict, rounds: int, stats: Stats) -> dict:
    """Two managers of one company save the same step of one plan at the same moment."""
    engagement = pair["engagement"]
    first, second = Browser(ports), Browser(ports)
    first.log_in(pair["emails"][0])
    second.log_in(pair["emails"][1])
    acked: list[tuple[str, str]] = []
    refused: list[tuple[str, str]] = []
    silent = 0
    url = f"/engagements/{engagement}/context/"
    for number in range(rounds):
        forms = []
        for browser in (first, second):
            page = browser.request("GET", url)
            forms.append(form_with(page.body, "version"))
        if forms[0] is None or forms[1] is None:
            stats.errors.append("two writers: the context form did not load")
            break
        markers = [f"w{number}-a-{secrets.token_hex(2)}", f"w{number}-b-{secrets.token_hex(2)}"]
        answers = post_at_once(
            [
                (browser, url, replace_field(form["fields"], "industry", marker))
                for browser, form, marker in zip((first, second), forms, markers, strict=True)
            ]
        )
        outcomes = [a is not None and acknowledged(a, engagement, "context") for a in answers]
        if all(outcomes):
            silent += 1  # both "won" from the same version: one update would be lost
        # The winner's save came first; the refused writer then resubmits what they typed.
        order = sorted(range(2), key=lambda i: not outcomes[i])
        for index in order:
            answer = answers[index]
            if answer is None:
                stats.errors.append("two writers: a save got no answer")
                continue
            stats.add("two writers: save", answer.elapsed)
            if outcomes[index]:
                acked.append(("context", markers[index]))
            elif answer.status == 200 and STALE_MESSAGE in answer.body:
                refused.append(("context", markers[index]))
                # The refused writer sees their answers kept; saving again keeps theirs.
                again = form_with(answer.body, "version")
                if again is None or ("industry", markers[index]) not in again["fields"]:
                    stats.errors.append("two writers: the refused form lost the user's input")
                    continue
                retry = (first, second)[index].request("POST", url, again["fields"])
                stats.add("two writers: save", retry.elapsed)
                if acknowledged(retry, engagement, "context"):
                    acked.append(("context", markers[index]))
                else:
                    stats.errors.append(f"two writers: resubmit answered {retry.status}")
            else:
                stats.errors.append(f"two writers: save answered {answer.status}")
    first.close()
    second.close()
    return {
        "engagement": engagement,
        "rounds": rounds,
        "acked": acked,
        "refused": refused,
        "both_acknowledged": silent,
    }


# ----------------------------------------------------------------------------- one scenario
def run_scenario(workspace: Workspace, config: argparse.Namespace, engine: str, count: int):
    label = f"{engine}{count}" + (f"t{config.threads}" if config.threads > 1 else "")
    label += f"-think{round(config.think * 1000)}ms" if config.think else ""
    database = Database(engine, workspace, f"load_{label}")
    database.create()
    try:
        workspace.collectstatic(database.url)
        workspace.manage(database.url, "migrate", "--noinput", "-v0")
        people = workspace.script(
            database.url,
            "_setup",
            {
                "managers": config.managers,
                "recruiters": config.recruiters,
                "extra": config.extra,
            },
        )
        with Servers(
            workspace,
            database,
            count=count,
            first_port=config.port,
            workers=config.workers,
            threads=config.threads,
        ) as servers:
            stats, logs = run_people(servers.ports, people, config)
            pair = two_writers(servers.ports, people["pair"], config.rounds, stats)
            brief = brief_across_servers(servers.ports, people) if count > 1 else None
        verdict = workspace.script(
            database.url,
            "_verify",
            {
                "logs": [
                    {
                        "engagement": log.engagement,
                        "acked": log.acked,
                        "unknown": log.unknown,
                        "refused": log.refused,
                    }
                    for log in logs.values()
                ],
                "pair": pair,
            },
        )
    finally:
        database.drop()
    return report(label, engine, count, config, stats, logs, pair, verdict, brief)


def brief_across_servers(ports: list[int], people: dict) -> dict:
    """A PDF brief rendered on one server is the stored file the other server hands out."""
    manager = people["managers"][0]
    browser = Browser(ports)
    browser.log_in(manager["email"])
    path = f"/engagements/{manager['engagement']}/brief.pdf"
    first = browser.request("GET", path, server=0)
    second = browser.request("GET", path, server=1)
    browser.close()
    return {
        "first_status": first.status,
        "second_status": second.status,
        "same_file": first.header("x-brief-sha256") == second.header("x-brief-sha256") != "",
        "render_ms": round(first.elapsed * 1000),
        "stored_ms": round(second.elapsed * 1000),
    }


def report(label, engine, count, config, stats, logs, pair, verdict, brief) -> dict:
    # The load phase alone: logins come before the clock, the two writers after it.
    steady = [
        v
        for kind, values in stats.samples.items()
        if kind != "log in" and not kind.startswith("two writers")
        for v in values
    ]
    kinds = {kind: summary(values) for kind, values in sorted(stats.samples.items())}
    wall = stats.wall
    result = {
        "scenario": label,
        "database": engine,
        "servers": count,
        "workers_per_server": config.workers,
        "threads_per_worker": config.threads,
        "managers": config.managers,
        "recruiters": config.recruiters,
        "think_seconds": config.think,
        "seconds": round(wall, 1),
        "requests": sum(len(v) for v in stats.samples.values()),
        # A dropped connection is an error too: nothing is killed during a load run.
        "errors": len(stats.errors) + stats.interrupted,
        "interrupted": stats.interrupted,
        "requests_per_second": round(len(steady) / wall, 1) if wall else None,
        "p50_ms": summary(steady)["p50_ms"],
        "p95_ms": summary(steady)["p95_ms"],
        "kinds": kinds,
        "saves_acknowledged": sum(len(log.acked) for log in logs.values()),
        "two_writers": {
            "rounds": pair["rounds"],
            "refused_with_message": len(pair["refused"]),
            "both_acknowledged": pair["both_acknowledged"],
        },
        "verify": verdict,
        "brief_across_servers": brief,
        "error_samples": stats.errors[:10],
    }
    result["ok"] = (
        result["errors"] == 0
        and verdict["ok"]
        and pair["both_acknowledged"] == 0
        and len(pair["refused"]) == pair["rounds"]
        and (brief is None or (brief["same_file"] and brief["second_status"] == 200))
    )
    return result


def print_table(results: list[dict]) -> None:
    head = (
        "| scenario | requests | errors | req/s | p50 ms | p95 ms | saves acked | lost | "
        "duplicated | half-saved | stale refused (of rounds) | ok |"
    )
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in results:
        v = r["verify"]
        print(
            f"| {r['scenario']} | {r['requests']} | {r['errors']} | {r['requests_per_second']} "
            f"| {r['p50_ms']} | {r['p95_ms']} | {r['saves_acknowledged']} | {v['lost']} "
            f"| {v['duplicated']} | {v['inconsistent']} "
            f"| {r['two_writers']['refused_with_message']} ({r['two_writers']['rounds']}) "
            f"| {'yes' if r['ok'] else 'NO'} |"
        )
    for r in results:
        print(f"\n{r['scenario']}: per kind of request")
        for kind, s in r["kinds"].items():
            print(f"  {kind:<22} n={s['count']:<6} p50={s['p50_ms']} ms  p95={s['p95_ms']} ms")
        if r["brief_across_servers"]:
            print(f"  brief across servers: {r['brief_across_servers']}")
        for sample in r["error_samples"]:
            print(f"  error: {sample}")


# ----------------------------------------------------------------------------- inside Django
def _django() -> None:
    import django

    django.setup()


def _setup(payload: dict) -> dict:
    """Demo data plus one plan per simulated manager, recruiters, a shared plan for the two
    writers, and extra plans for the dashboard to filter."""
    _django()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from hireplan.engine.answers import Lane, Level
    from hireplan.forms import DASHBOARD_SORTS
    from hireplan.models import Engagement, Membership, Organization, User
    from hireplan.plans import summary_columns

    call_command("load_demo", verbosity=0)
    template = max(
        Engagement.objects.filter(status__in=Engagement.EDITABLE_STATUSES),
        key=lambda e: (all(s in e.answers for s in MARKED), len(e.answers)),
    )
    answers = template.answers
    password = make_password(PASSWORD)
    orgs = list(Organization.objects.order_by("slug"))
    rng = random.Random(7)

    def person(email: str, org, role: str) -> User:
        user = User.objects.create(username=email, email=email, password=password)
        Membership.objects.create(user=user, organization=org, role=role)
        return user

    def plan(owner: User, org, title: str, **extra) -> Engagement:
        return Engagement.objects.create(
            organization=org,
            owner=owner,
            title=title,
            current_step="context",
            answers=answers,
            saved_at_version=dict.fromkeys(answers, 1),
            **{**summary_columns(answers), **extra},
        )

    with transaction.atomic():
        managers = []
        for n in range(payload["managers"]):
            org = orgs[n % len(orgs)]
            user = person(f"load-manager-{n}@{org.slug}.example", org, "hiring_manager")
            managers.append(
                {
                    "email": user.email,
                    "engagement": plan(user, org, answers["context"]["role_title"]).pk,
                }
            )
        recruiters = []
        for n in range(payload["recruiters"]):
            user = person(f"load-recruiter-{n}@staffing.example", orgs[0], "recruiter")
            for org in orgs[1:]:
                Membership.objects.create(user=user, organization=org, role="recruiter")
            recruiters.append(user.email)
        writers = [
            person(f"load-writer-{c}@{orgs[0].slug}.example", orgs[0], "hiring_manager")
            for c in "ab"
        ]
        shared = plan(writers[0], orgs[0], answers["context"]["role_title"])
        words = ["Search", "Ranking", "Fraud", "Vision", "Forecasting", "Platform", "LLM"]
        lanes, levels = [v for v, _ in Lane.choices()], [v for v, _ in Level.choices()]
        statuses = [v for v, _ in Engagement.Status.choices]
        owners = {
            org.pk: Membership.objects.filter(organization=org, role="hiring_manager").first().user
            for org in orgs
        }
        extra = []
        for n in range(payload["extra"]):
            org = orgs[n % len(orgs)]
            extra.append(
                Engagement(
                    organization=org,
                    owner=owners[org.pk],
                    title=f"ML Engineer, {rng.choice(words)} {n}",
                    status=rng.choice(statuses),
                    current_step="review",
                    answers=answers,
                    saved_at_version=dict.fromkeys(answers, 1),
                    **{
                        **summary_columns(answers),
                        "lane": rng.choice(lanes),
                        "level": rng.choice(levels),
                        "blocker_count": rng.choice([0, 0, 1, 2]),
                    },
                )
            )
        Engagement.objects.bulk_create(extra, batch_size=200)
    return {
        "managers": managers,
        "recruiters": recruiters,
        "pair": {"emails": [w.email for w in writers], "engagement": shared.pk},
        "filters": {
            "words": [*words, "acme", "globex", "manager"],
            "status": statuses,
            "lane": lanes,
            "level": levels,
            "sort": [f"{d}{key}" for key in DASHBOARD_SORTS for d in ("", "-")],
            "engagements": [m["engagement"] for m in managers] + [e.pk for e in extra[:50]],
        },
    }


def _verify(payload: dict) -> dict:
    """Every acknowledged marker stored exactly once; final answers and versions consistent."""
    _django()
    from hireplan.models import Activity, Engagement
    from hireplan.steps import get_step

    lost, duplicated, phantom, wrong_final, inconsistent, refused_stored = [], [], [], [], [], []
    logs = list(payload["logs"])
    pair = payload["pair"]
    logs.append(
        {
            "engagement": pair["engagement"],
            "acked": pair["acked"],
            "unknown": [],
            "refused": pair["refused"],
        }
    )
    checked = 0
    for log in logs:
        engagement = Engagement.objects.get(pk=log["engagement"])
        saves = list(
            Activity.objects.filter(engagement=engagement, kind=Activity.Kind.STEP_SAVED).order_by(
                "version"
            )
        )
        stored: dict[str, int] = {}
        for activity in saves:
            for change in activity.changes:
                # The marked answers are plain text: the history's text is the marker itself.
                if MARKED.get(activity.step) in change["fields"]:
                    stored[change["after"]] = stored.get(change["after"], 0) + 1
        acked = [marker for _, marker in log["acked"]]
        unknown = {marker for _, marker in log["unknown"]}
        lost += [m for m in acked if stored.get(m, 0) == 0]
        duplicated += [m for m, n in stored.items() if n > 1]
        phantom += [m for m in stored if m not in set(acked) | unknown]
        refused_stored += [m for _, m in log["refused"] if m in stored and m not in set(acked)]
        # The final answer of each step is its last acknowledged save, or a later one whose
        # answer never arrived (the connection broke after the commit).
        for step, name in MARKED.items():
            sent = [m for s, m in log["acked"] if s == step]
            if not sent:
                continue
            final = engagement.answers[step][name]
            later_unknown = {m for s, m in log["unknown"] if s == step}
            if final != sent[-1] and final not in later_unknown:
                wrong_final.append(f"{engagement.pk}/{step}: {final} != {sent[-1]}")
        # No half-saved step: one version per save, no gaps, each step's recorded version and
        # answers in step with its history, every stored step valid under its schema.
        versions = [a.version for a in saves]
        problems = []
        if versions != list(range(2, engagement.version + 1)):
            problems.append(f"versions {versions[:5]}… vs {engagement.version}")
        for step in {a.step for a in saves}:
            latest = max(a.version for a in saves if a.step == step)
            if engagement.saved_at_version.get(step) != latest:
                problems.append(
                    f"{step} saved_at {engagement.saved_at_version.get(step)} != {latest}"
                )
            last = [a for a in saves if a.step == step][-1]
            # The last save's recorded values are what the step's answers read as now.
            entries = {entry.label: entry for entry in get_step(step).summary.answers}
            for change in last.changes:
                if entries[change["label"]].read(engagement.answers[step]) != change["after"]:
                    problems.append(f"{step}: {change['label']} differs from its last save")
        for step, answers in engagement.answers.items():
            get_step(step).schema.model_validate(answers)
        context_saved = any(a.step == "context" for a in saves)
        if context_saved and engagement.title != engagement.answers["context"]["role_title"]:
            problems.append("title out of step with the context answers")
        if problems:
            inconsistent.append(f"{engagement.pk}: {'; '.join(problems)}")
        checked += 1
    verdict = {
        "engagements": checked,
        "lost": len(lost),
        "duplicated": len(duplicated),
        "phantom": len(phantom),
        "wrong_final": len(wrong_final),
        "inconsistent": len(inconsistent),
        "refused_but_stored": len(refused_stored),
        "samples": (lost + duplicated + phantom + wrong_final + inconsistent + refused_stored)[:10],
    }
    verdict["ok"] = not any(
        verdict[k]
        for k in (
            "lost",
            "duplicated",
            "phantom",
            "wrong_final",
            "inconsistent",
            "refused_but_stored",
        )
    )
    return verdict


# ----------------------------------------------------------------------------- command line
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--servers", type=int, nargs="+", choices=[1, 2], help="app servers (default: 1; 1 2 on PG)"
    )
    parser.add_argument("--managers", type=int, default=16)
    parser.add_argument("--recruiters", type=int, default=4)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=20, help="two-writers rounds")
    parser.add_argument("--extra", type=int, default=300, help="extra plans on the dashboard")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between actions")
    parser.add_argument("--ramp", type=float, default=0.5, help="seconds between two logins")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--port", type=int, default=8201, help="first loopback port")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--short", action="store_true", help="a few seconds, for CI")
    args = parser.parse_args(argv)
    if args.short:
        args.managers, args.recruiters, args.duration = 3, 1, 3.0
        args.max_requests, args.rounds, args.extra, args.ramp = 400, 3, 40, 0.0
    return args


def scenarios(args: argparse.Namespace) -> list[tuple[str, int]]:
    engines = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    plan = []
    for engine in engines:
        counts = args.servers or ([1, 2] if engine == "postgres" and not args.short else [1])
        if args.short and engine == "postgres" and not args.servers:
            counts = [2]
        plan += [(engine, count) for count in counts]
    return plan


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workspace = Workspace(keep=args.keep, fast_hash=args.short)
    results = []
    try:
        for engine, count in scenarios(args):
            print(
                f"== {engine}, {count} app server(s), {args.managers} managers, "
                f"{args.recruiters} recruiters, {args.duration:g} s",
                flush=True,
            )
            results.append(run_scenario(workspace, args, engine, count))
    finally:
        workspace.cleanup()
    print()
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    failed = [r["scenario"] for r in results if not r["ok"]]
    if failed:
        print(f"\nFAILED: {', '.join(failed)}")
        return 1
    print(f"\nload: all {len(results)} scenarios ok")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in {"_setup", "_verify"}:
        data = json.loads(sys.stdin.read())
        handler = _setup if sys.argv[1] == "_setup" else _verify
        print(json.dumps(handler(data)))
        sys.exit(0)
    sys.exit(main())
