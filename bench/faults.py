"""Fault runs against the real app under gunicorn on 127.0.0.1 (ports 8205-8209 by default).

    .venv/bin/python bench/faults.py                 # every fault, SQLite and PostgreSQL
    .venv/bin/python bench/faults.py --short         # the few-second pass CI runs
    .venv/bin/python bench/faults.py --db sqlite --only kill --duration 20
    .venv/bin/python bench/faults.py --only mail --comments 20

- kill: hiring managers save steps without pause while a gunicorn worker is SIGKILLed every
  --interval seconds. Afterwards every acknowledged save must be stored exactly once and no
  step half-saved (bench/load.py's check); a save whose connection was cut is either wholly
  in or wholly out. Gunicorn's master starts a fresh worker; the run counts how many kills
  landed while a save was in flight.
- db-down: the database stops answering (PostgreSQL: a loopback TCP relay in front of it is
  shut, dropping every connection; SQLite: the folder holding the file is moved away). Pages
  must answer the friendly 503 page, /healthz 503, a save must store nothing; once the
  database is back the same worker processes serve again without a restart.
- broken-pdf: a server whose brief template is broken. Asking for the PDF shows the "could not
  make the brief" page, and the plan, its version and the stored briefs are untouched.
- mail: email leaves through the task worker, never the request. With the mail server down
  (smtp-down: nothing listens on its port) and then silent (smtp-silent: it accepts the
  connection and never answers), a hiring manager posts comments: each must answer its redirect
  well inside the 2 s SMTP timeout, with no connection to the mail server, and queue one email
  per recruiter. Then a real `manage.py db_worker` (tries 1 s apart) runs while the server is
  still down or silent: its tries fail and are queued again. 1.5 s after the first failure the
  mail server comes back on the same port (aiosmtpd), and every email must arrive exactly once
  within 30 s; the run reports the tries it took and the seconds to the last delivery.

Every run is bounded in time, talks only to loopback, and cleans up its databases.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.load import Browser, Database, SaveLog, Servers, Stats, Workspace  # noqa: E402

RELAY_PORT_OFFSET = 3  # the PostgreSQL relay listens on --port + 3
FAULTS = ["kill", "db-down", "broken-pdf", "mail"]
FRIENDLY_503 = "Hireplan is back in a moment"
FAILED_BRIEF = "couldn’t make the PDF brief"
MAIL_PORT_OFFSET = 4  # the mail server (down, silent, then real) is on --port + 4
# The worker's mail settings: a timeout of 2 s per try, and tries 1 s apart (five in all), so a
# message is lost only if the server stays away for more than 4 s after its first try.
MAIL_ENV = {
    "SMTP_HOST": load.HOST,
    "SMTP_USE_TLS": "0",
    "SMTP_TIMEOUT": "2",
    "EMAIL_RETRY_SECONDS": "1,1,1,1",
}
# A comment that waited on the silent server would take its 2 s timeout at least; this leaves
# room for a slow machine (a cold worker has answered in 0.7 s) and still proves it did not.
FAST_COMMENT_S = 1.5
# The mail server stays away this long after the worker's first failed try: well inside the
# 4 s of tries, so no message runs out of them; long enough for a second round of failures.
MAIL_OUTAGE_S = 1.5
MAIL_WAIT_S = 30.0  # bound on each wait: the worker's first try, then every delivery
MAIL_CASES = ("smtp-down", "smtp-silent")


# ----------------------------------------------------------------------------- a TCP relay
class Relay:
    """Forwards 127.0.0.1:`port` to PostgreSQL; `down()` drops every connection and stops
    listening, `up()` listens again. Loopback only."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        assert target[0] in load.LOOPBACK
        self.port = port
        self.target = target
        self.listener: socket.socket | None = None
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((load.HOST, self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.listener is not listener:  # went down while this one was arriving
                client.close()
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                self.sockets |= {client, server}
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def down(self) -> None:
        if self.listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for end in self.sockets:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.sockets.clear()


# ----------------------------------------------------------------------------- kill workers
def kill_run(workspace, database, people, args, port: int) -> dict:
    """Managers save without pause; a worker is SIGKILLed every `interval` seconds."""
    stats = Stats()
    budget = load.Budget(args.duration, 100_000, stats, len(people["managers"]) + 1, ramp=0.3)
    logs = {m["engagement"]: SaveLog(m["engagement"]) for m in people["managers"]}
    kills: list[dict] = []
    with Servers(
        workspace, database, count=1, first_port=port, workers=args.workers, threads=1
    ) as servers:
        threads = [
            threading.Thread(
                target=load.manager_loop,
                args=(servers.ports, m["email"], m["engagement"], n, budget, logs[m["engagement"]]),
                daemon=True,
            )
            for n, m in enumerate(people["managers"])
        ]
        for thread in threads:
            thread.start()
        budget.ready.wait(timeout=300)  # everyone logged in: the clock runs from here
        rng = random.Random(11)
        while time.monotonic() < budget.deadline - args.interval / 2:
            time.sleep(args.interval * rng.uniform(0.6, 1.4))
            workers = servers.worker_pids()
            if not workers:
                continue
            victim = rng.choice(workers)
            saving = stats.in_flight
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                continue
            at = round(time.monotonic() - budget.started, 2)
            kills.append({"pid": victim, "at": at, "saves_in_flight": saving})
        for thread in threads:
            thread.join(timeout=args.duration + 120)
        budget.stop.set()
        stats.wall = time.monotonic() - budget.started
        # The server lives on: a fresh login and a save go through after the last kill.
        after = Browser(servers.ports)
        after.log_in(people["managers"][0]["email"])
        engagement = people["managers"][0]["engagement"]
        marker = f"after-kills-{random.randrange(10**6)}"
        outcome, _ = load.save_step(after, engagement, "context", marker, htmx=False, stats=stats)
        if outcome == "acked":
            logs[engagement].acked.append(("context", marker))
        served_after = outcome == "acked"
    verdict = workspace.script(
        database.url,
        "_verify",
        {
            "logs": [
                {"engagement": g.engagement, "acked": g.acked, "unknown": g.unknown, "refused": []}
                for g in logs.values()
            ],
            "pair": {"engagement": people["pair"]["engagement"], "acked": [], "refused": []},
        },
    )
    unknown = [m for g in logs.values() for _, m in g.unknown]
    settled = workspace.script(
        database.url, "_markers", {"markers": unknown, "engagements": list(logs)}, __file__
    )
    return {
        "fault": "kill",
        "database": database.engine,
        "seconds": round(stats.wall, 1),
        "kills": len(kills),
        "kills_during_saves": sum(1 for k in kills if k["saves_in_flight"]),
        "requests": sum(len(v) for v in stats.samples.values()) + stats.interrupted,
        "cut_connections": stats.interrupted,
        "saves_acknowledged": sum(len(g.acked) for g in logs.values()),
        "saves_cut": len(unknown),
        "cut_saves_stored": settled["stored"],
        "cut_saves_not_stored": len(unknown) - settled["stored"],
        "other_errors": len(stats.errors),
        "error_samples": stats.errors[:5],
        "served_after_kills": served_after,
        "verify": verdict,
        "ok": verdict["ok"] and served_after and len(kills) > 0 and not stats.errors,
    }


# ----------------------------------------------------------------------------- database down
def db_down_run(workspace, database, people, args, port: int, pg_target=None) -> dict:
    manager = people["managers"][0]
    engagement = manager["engagement"]
    step_url = f"/engagements/{engagement}/context/"
    relay = None
    extra_env = {}
    sqlite_dir = None
    if database.engine == "postgres":
        relay = Relay(port + RELAY_PORT_OFFSET, pg_target)
        relay.up()
        url = database.url.replace(f"{pg_target[0]}:{pg_target[1]}", f"{load.HOST}:{relay.port}")
        extra_env["DATABASE_URL"] = url
    else:
        sqlite_dir = Path(database.url.removeprefix("sqlite:///")).parent
    checks: dict[str, object] = {}
    try:
        with Servers(
            workspace,
            database,
            count=1,
            first_port=port,
            workers=args.workers,
            threads=1,
            extra_env=extra_env,
        ) as servers:
            browser = Browser(servers.ports)
            browser.log_in(manager["email"])
            page = browser.request("GET", step_url)
            form = load.form_with(page.body, "version")
            checks["before"] = page.status
            # The database goes away.
            if relay is not None:
                relay.down()
            else:
                sqlite_dir.rename(sqlite_dir.with_name(sqlite_dir.name + "-away"))
            went_down = time.monotonic()
            pages = [browser.request("GET", step_url) for _ in range(args.workers * 2)]
            checks["page_statuses"] = sorted({p.status for p in pages})
            checks["friendly_page"] = all(FRIENDLY_503 in p.body for p in pages)
            checks["retry_after"] = all(p.header("retry-after") for p in pages)
            health = browser.request("GET", "/healthz")
            checks["healthz"] = [health.status, json.loads(health.body or "{}").get("database")]
            lost_marker = f"during-outage-{random.randrange(10**6)}"
            fields = load.replace_field(form["fields"], "industry", lost_marker)
            save = browser.request("POST", step_url, fields)
            checks["save_during_outage"] = save.status
            htmx = browser.request("GET", step_url, htmx=True)
            checks["htmx_status"] = htmx.status
            # It comes back.
            if relay is not None:
                relay.up()
            else:
                sqlite_dir.with_name(sqlite_dir.name + "-away").rename(sqlite_dir)
            came_back = time.monotonic()
            recovered = None
            for _ in range(50):
                if browser.request("GET", step_url).status == 200:
                    recovered = time.monotonic()
                    break
                time.sleep(0.2)
            checks["outage_seconds"] = round(came_back - went_down, 2)
            checks["recovered_after_s"] = (
                None if recovered is None else round(recovered - came_back, 2)
            )
            checks["healthz_after"] = browser.request("GET", "/healthz").status
            kept_marker = f"after-outage-{random.randrange(10**6)}"
            outcome, _ = load.save_step(
                browser, engagement, "context", kept_marker, htmx=False, stats=Stats()
            )
            checks["save_after"] = outcome
            browser.close()
    finally:
        if relay is not None:
            relay.down()
        if sqlite_dir is not None and not sqlite_dir.exists():
            sqlite_dir.with_name(sqlite_dir.name + "-away").rename(sqlite_dir)
    stored = workspace.script(
        database.url,
        "_markers",
        {"markers": [lost_marker, kept_marker], "engagements": []},
        __file__,
    )
    checks["outage_save_stored"] = lost_marker in stored["found"]
    checks["later_save_stored"] = kept_marker in stored["found"]
    ok = (
        checks["before"] == 200
        and checks["page_statuses"] == [503]
        and checks["friendly_page"]
        and checks["retry_after"]
        and checks["healthz"] == [503, "unreachable"]
        and checks["save_during_outage"] == 503
        and checks["htmx_status"] == 503
        and checks["recovered_after_s"] is not None
        and checks["healthz_after"] == 200
        and checks["save_after"] == "acked"
        and not checks["outage_save_stored"]
        and checks["later_save_stored"]
    )
    return {"fault": "db-down", "database": database.engine, **checks, "ok": ok}


# ----------------------------------------------------------------------------- broken PDF
def broken_pdf_run(workspace, database, people, args, port: int) -> dict:
    broken = workspace.path / "broken-templates" / "brief"
    broken.mkdir(parents=True, exist_ok=True)
    (broken / "brief.html").write_text("{% if %}this template does not parse{% endif %}")
    (workspace.path / "hireplan_rel_broken.py").write_text(
        "from hireplan_rel_settings import *  # noqa: F403\n"
        f"TEMPLATES[0]['DIRS'] = [{str(broken.parent)!r}, *TEMPLATES[0]['DIRS']]\n"
    )
    manager = people["managers"][-1]
    engagement = manager["engagement"]
    before = workspace.script(
        database.url, "_markers", {"markers": [], "engagements": [engagement]}, __file__
    )
    with Servers(
        workspace,
        database,
        count=1,
        first_port=port,
        workers=1,
        threads=1,
        extra_env={"DJANGO_SETTINGS_MODULE": "hireplan_rel_broken"},
    ) as servers:
        browser = Browser(servers.ports)
        browser.log_in(manager["email"])
        answer = browser.request("GET", f"/engagements/{engagement}/brief.pdf")
        page = browser.request("GET", f"/engagements/{engagement}/review/")
        browser.close()
    after = workspace.script(
        database.url, "_markers", {"markers": [], "engagements": [engagement]}, __file__
    )
    media = [p for p in (workspace.path / "media").rglob("*.pdf")]
    result = {
        "fault": "broken-pdf",
        "database": database.engine,
        "status": answer.status,
        "content_type": answer.header("content-type").split(";")[0],
        "clear_message": FAILED_BRIEF in answer.body,
        "plan_untouched": before["state"] == after["state"],
        "plan_page_after": page.status,
        "pdf_files_written": len([p for p in media if str(engagement) in p.name]),
    }
    result["ok"] = (
        result["status"] == 500
        and result["content_type"] == "text/html"
        and result["clear_message"]
        and result["plan_untouched"]
        and result["plan_page_after"] == 200
    )
    return result


# ----------------------------------------------------------------------------- mail server down
class SilentServer:
    """Listens on 127.0.0.1:`port`, accepts every connection and never says a word (a mail
    server that hangs). `close()` stops listening and drops what it holds."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.accepted = 0
        self.held: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((load.HOST, port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.accepted += 1
                self.held.append(client)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for client in self.held:
                with contextlib.suppress(OSError):
                    client.shutdown(socket.SHUT_RDWR)
                client.close()
            self.held.clear()


class Inbox:
    """An aiosmtpd handler keeping every message it is given: (when, recipient, body)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[float, str, str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # the name aiosmtpd calls
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.messages.append((time.monotonic(), recipient, text))
        return "250 Message accepted for delivery"

    def matching(self, marker: str) -> list[tuple[float, str, str]]:
        with self.lock:
            return [m for m in self.messages if marker in m[2]]


def failed_tries(database, table: str, marker: str) -> int:
    """Failed tries of the run's emails so far, read straight from the queue's table (a
    Django script per poll would take a second each)."""
    query = f"SELECT args_kwargs FROM {table} WHERE status = 'FAILED'"
    if database.engine == "sqlite":
        import sqlite3

        path = database.url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path, timeout=5)) as connection:
            rows = connection.execute(query).fetchall()
    else:
        import psycopg

        with psycopg.connect(database.url, connect_timeout=5) as connection:
            rows = connection.execute(query).fetchall()
    return sum(
        1 for (args,) in rows if marker in (args if isinstance(args, str) else json.dumps(args))
    )


@contextlib.contextmanager
def task_worker(workspace, database, env: dict, log: Path):
    """A real `manage.py db_worker` with the app servers' environment; stopped on the way out
    (SIGTERM, then SIGKILL)."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                load.PYTHON,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env=workspace.env(database.url, **env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def mail_case(workspace, database, people, args, port: int, case: str) -> dict:
    """One outage (`smtp-down` or `smtp-silent`): comments while the mail server is away, then
    a worker that keeps trying until the server returns on the same port."""
    from aiosmtpd.controller import Controller

    manager = people["managers"][0]
    engagement = manager["engagement"]
    mail_port = port + MAIL_PORT_OFFSET
    if not load.port_is_free(mail_port):
        raise RuntimeError(f"port {mail_port} is taken: choose others with --port")
    env = {**MAIL_ENV, "SMTP_PORT": str(mail_port)}
    run = f"{case}-{random.randrange(10**9)}"
    silent = SilentServer(mail_port) if case == "smtp-silent" else None
    controller = None
    result: dict[str, object] = {"case": case}
    try:
        with Servers(
            workspace,
            database,
            count=1,
            first_port=port,
            workers=args.workers,
            threads=1,
            extra_env=env,
        ) as servers:
            browser = Browser(servers.ports)
            browser.log_in(manager["email"])
            for _ in range(args.workers * 2):  # warm the workers: time the comments alone
                browser.request("GET", f"/engagements/{engagement}/review/")
            answers = []
            for n in range(args.comments):
                body = f"Mail fault {run} comment {n}: can we move the loop to Thursday?"
                answers.append(
                    browser.request(
                        "POST", f"/engagements/{engagement}/comments/", [("body", body)]
                    )
                )
            browser.close()
        times = [a.elapsed for a in answers]
        result["statuses"] = sorted({a.status for a in answers})
        result["comments"] = len(answers)
        result["p50_ms"] = round(load.percentile(times, 50) * 1000, 1)
        result["max_ms"] = round(max(times) * 1000, 1)
        result["ms"] = [round(t * 1000, 1) for t in times]
        if silent is not None:
            result["smtp_connections_during_requests"] = silent.accepted
        queued = workspace.script(
            database.url,
            "_mail",
            {"engagement": engagement, "author": manager["email"], "marker": run},
            __file__,
        )
        expected = len(queued["recipients"]) * args.comments
        result["recipients_per_comment"] = len(queued["recipients"])
        result["emails_expected"] = expected
        result["queued_before_worker"] = queued["statuses"]
        # The worker starts while the server is still away: its tries fail and are queued again.
        inbox = Inbox()
        log = workspace.path / f"worker-{database.label}-{case}.log"
        with task_worker(workspace, database, env, log) as worker:
            deadline = time.monotonic() + MAIL_WAIT_S
            while failed_tries(database, queued["table"], run) == 0:
                if time.monotonic() > deadline or worker.poll() is not None:
                    break
                time.sleep(0.1)
            time.sleep(MAIL_OUTAGE_S)
            result["tries_failed_while_away"] = failed_tries(database, queued["table"], run)
            if silent is not None:
                result["smtp_connections_while_silent"] = silent.accepted
                silent.close()
                silent = None
            controller = Controller(inbox, hostname=load.HOST, port=mail_port)
            controller.start()
            back = time.monotonic()
            deadline = back + MAIL_WAIT_S
            while len(inbox.matching(run)) < expected and time.monotonic() < deadline:
                if worker.poll() is not None:
                    break
                time.sleep(0.1)
            # A little longer than one retry delay: a duplicate would show up now.
            time.sleep(1.5)
            result["worker_alive"] = worker.poll() is None
        delivered = inbox.matching(run)
        controller.stop()
        controller = None
        settled = workspace.script(
            database.url,
            "_mail",
            {"engagement": engagement, "author": manager["email"], "marker": run},
            __file__,
        )
    finally:
        if silent is not None:
            silent.close()
        if controller is not None:
            controller.stop()
    copies: dict[tuple[str, str], int] = {}
    for _, recipient, text in delivered:
        comment = re.search(r"comment \d+:", text)
        key = (recipient, comment.group(0) if comment else text)
        copies[key] = copies.get(key, 0) + 1
    wanted = {(r, f"comment {n}:") for r in queued["recipients"] for n in range(args.comments)}
    statuses = settled["statuses"]
    result["delivered"] = len(delivered)
    result["delivered_distinct"] = len(set(copies) & wanted)
    result["duplicates"] = sum(n - 1 for n in copies.values())
    result["unexpected"] = len(set(copies) - wanted)
    result["tries"] = statuses.get("FAILED", 0) + statuses.get("SUCCESSFUL", 0)
    result["tries_failed"] = statuses.get("FAILED", 0)
    result["tries_successful"] = statuses.get("SUCCESSFUL", 0)
    result["left_in_queue"] = statuses.get("READY", 0) + statuses.get("RUNNING", 0)
    result["delivered_after_s"] = (
        round(max(t for t, _, _ in delivered) - back, 2)
        if delivered and len(delivered) >= expected
        else None
    )
    result["ok"] = bool(
        result["statuses"] == [302]
        and result["comments"] == args.comments
        and result["max_ms"] < FAST_COMMENT_S * 1000
        and result.get("smtp_connections_during_requests", 0) == 0
        and expected > 0
        and result["queued_before_worker"] == {"READY": expected}
        and result["tries_failed_while_away"] > 0
        and result["delivered_distinct"] == expected
        and result["delivered"] == expected
        and result["duplicates"] == 0
        and result["unexpected"] == 0
        and result["tries_successful"] == expected
        and result["left_in_queue"] == 0
        and result["delivered_after_s"] is not None
        and result["worker_alive"]
    )
    return result


def mail_run(workspace, database, people, args, port: int) -> dict:
    cases = [mail_case(workspace, database, people, args, port, c) for c in MAIL_CASES]
    return {
        "fault": "mail",
        "database": database.engine,
        "cases": cases,
        "ok": all(c["ok"] for c in cases),
    }


# ----------------------------------------------------------------------------- inside Django
def _markers(payload: dict) -> dict:
    """Which markers any step save stored, and a fingerprint of the given plans' state."""
    load._django()
    from hireplan.models import Activity, Brief, Engagement

    found = set()
    wanted = set(payload["markers"])
    if wanted:
        for changes in Activity.objects.filter(kind=Activity.Kind.STEP_SAVED).values_list(
            "changes", flat=True
        ):
            found |= {c.get("after") for c in changes if isinstance(c.get("after"), str)} & wanted
    state = {
        str(e.pk): [e.version, e.status, json.dumps(e.answers, sort_keys=True), e.briefs.count()]
        for e in Engagement.objects.filter(pk__in=payload["engagements"])
    }
    return {
        "found": sorted(found),
        "stored": len(found),
        "state": state,
        "briefs": Brief.objects.count(),
    }


def _mail(payload: dict) -> dict:
    """Who a comment on the plan emails, and the run's queued emails (one row per try) by status."""
    load._django()
    from django_tasks_db.models import DBTaskResult

    from hireplan.models import Engagement
    from hireplan.tasks import deliver_email
    from hireplan.workflow import recruiter_addresses

    engagement = Engagement.objects.get(pk=payload["engagement"])
    recipients = sorted(
        {a for a in recruiter_addresses(engagement) if a and a != payload["author"]}
    )
    statuses: dict[str, int] = {}
    rows = DBTaskResult.objects.filter(task_path=deliver_email.module_path)
    for status, args in rows.values_list("status", "args_kwargs"):
        if payload["marker"] in json.dumps(args):
            statuses[status] = statuses.get(status, 0) + 1
    return {"recipients": recipients, "statuses": statuses, "table": DBTaskResult._meta.db_table}


# ----------------------------------------------------------------------------- command line
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--only", choices=FAULTS, action="append")
    parser.add_argument("--managers", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between kills")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--comments", type=int, default=10, help="comments per mail outage")
    parser.add_argument("--port", type=int, default=8205)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--short", action="store_true", help="a few seconds, for CI")
    args = parser.parse_args(argv)
    if args.short:
        args.managers, args.duration, args.interval, args.comments = 3, 4.0, 1.5, 4
    faults = args.only or FAULTS
    engines = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    parsed = re.match(r"postgres(?:ql)?://[^@/]*@?([^:/]+):?(\d*)", load.PGURL)
    pg_target = (parsed.group(1), int(parsed.group(2) or 5432)) if parsed else ("127.0.0.1", 5432)
    workspace = Workspace(keep=args.keep, fast_hash=args.short)
    results = []
    try:
        for engine in engines:
            database = Database(engine, workspace, "faults")
            if engine == "sqlite":
                # In a folder of its own, which the db-down fault moves away and back.
                folder = workspace.path / "sqlite-faults"
                folder.mkdir()
                database.url = f"sqlite:///{folder / 'faults.sqlite3'}"
            database.create()
            try:
                workspace.collectstatic(database.url)
                workspace.manage(database.url, "migrate", "--noinput", "-v0")
                people = workspace.script(
                    database.url,
                    "_setup",
                    # One recruiter serving every company: comments email someone.
                    {"managers": args.managers, "recruiters": 1, "extra": 0},
                )
                for fault in faults:
                    print(f"== {fault} on {engine}", flush=True)
                    if fault == "kill":
                        results.append(kill_run(workspace, database, people, args, args.port))
                    elif fault == "db-down":
                        results.append(
                            db_down_run(workspace, database, people, args, args.port, pg_target)
                        )
                    elif fault == "broken-pdf":
                        results.append(broken_pdf_run(workspace, database, people, args, args.port))
                    else:
                        results.append(mail_run(workspace, database, people, args, args.port))
                    print(json.dumps(results[-1]), flush=True)
            finally:
                database.drop()
    finally:
        if not args.keep:
            shutil.rmtree(workspace.path, ignore_errors=True)
    print()
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    failed = [f"{r['fault']}/{r['database']}" for r in results if not r["ok"]]
    if failed:
        print(f"\nFAILED: {', '.join(failed)}")
        return 1
    print(f"\nfaults: all {len(results)} runs ok")
    return 0


def print_table(results: list[dict]) -> None:
    for r in results:
        if r["fault"] == "kill":
            v = r["verify"]
            print(
                f"kill/{r['database']}: {r['kills']} workers SIGKILLed in {r['seconds']} s "
                f"({r['kills_during_saves']} with saves in flight); "
                f"{r['saves_acknowledged']} saves acknowledged, {r['saves_cut']} cut "
                f"({r['cut_saves_stored']} stored whole, {r['cut_saves_not_stored']} not at "
                f"all); lost {v['lost']}, duplicated {v['duplicated']}, half-saved "
                f"{v['inconsistent']}; served after: {r['served_after_kills']}; "
                f"ok: {r['ok']}"
            )
        elif r["fault"] == "db-down":
            print(
                f"db-down/{r['database']}: pages {r['page_statuses']} (friendly "
                f"{r['friendly_page']}), healthz {r['healthz']}, save during outage "
                f"{r['save_during_outage']} (stored: {r['outage_save_stored']}), back "
                f"{r['recovered_after_s']} s after the database returned, save after: "
                f"{r['save_after']}; ok: {r['ok']}"
            )
        elif r["fault"] == "broken-pdf":
            print(
                f"broken-pdf/{r['database']}: {r['status']} {r['content_type']}, clear "
                f"message {r['clear_message']}, plan untouched {r['plan_untouched']}; "
                f"ok: {r['ok']}"
            )
        else:
            for c in r["cases"]:
                silent = (
                    f", {c['smtp_connections_during_requests']} SMTP connections"
                    if "smtp_connections_during_requests" in c
                    else ""
                )
                print(
                    f"mail/{r['database']}/{c['case']}: {c['comments']} comments answered "
                    f"{c['statuses']} in p50 {c['p50_ms']} ms, max {c['max_ms']} ms{silent}; "
                    f"{c['delivered_distinct']} of {c['emails_expected']} emails delivered "
                    f"({c['duplicates']} duplicates) {c['delivered_after_s']} s after the "
                    f"server returned, in {c['tries']} tries ({c['tries_failed']} failed); "
                    f"ok: {c['ok']}"
                )


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in {"_markers", "_mail"}:
        handler = _markers if sys.argv[1] == "_markers" else _mail
        print(json.dumps(handler(json.loads(sys.stdin.read()))))
        sys.exit(0)
    sys.exit(main())
