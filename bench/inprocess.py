"""Figures measured inside one process through Django's full request handler (test client):
wizard steps, live previews, the dashboard, the PDF brief and page weight."""

import gc
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.browser_form import as_post, read_form
from bench.data import BenchData
from bench.jd_text import long_jd
from bench.timing import Case, Samples, Stopped, once, sample
from hireplan.models import Brief, Engagement, User
from hireplan.plans import forget_plans
from hireplan.steps import all_steps

HTMX = {"HX-Request": "true"}
FLOOR = "floor"


@dataclass
class Mode:
    rounds: int
    per_round: int
    warmup: int
    pdf_rounds: int
    stored_runs: int


FULL = Mode(rounds=8, per_round=5, warmup=3, pdf_rounds=7, stored_runs=40)
SHORT = Mode(rounds=1, per_round=2, warmup=1, pdf_rounds=1, stored_runs=3)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client: Client, url: str, *, htmx: bool = False) -> Any:
    return client.get(url, secure=True, headers=HTMX if htmx else None)


def post(client: Client, url: str, data: dict, *, htmx: bool = True) -> Any:
    return client.post(url, data, secure=True, headers=HTMX if htmx else None)


def expect(status: int, *, header: str | None = None, contains: str | None = None):
    def check(response: Any) -> None:
        if response.status_code != status:
            raise AssertionError(f"{response.request['PATH_INFO']}: {response.status_code}")
        if header is not None and header not in response.headers:
            raise AssertionError(f"{response.request['PATH_INFO']}: no {header} header")
        if contains is not None and contains.encode() not in response.content:
            raise AssertionError(f"{response.request['PATH_INFO']}: no {contains!r}")

    return check


def floor_case(client: Client) -> Case:
    url = reverse("bench_floor")
    return Case(FLOOR, lambda: get(client, url), check=expect(200, contains="<form"))


def step_forms(client: Client, engagement: Engagement) -> dict[str, tuple[str, list]]:
    """Each built step's form action and fields, as its own page offers them."""
    forms = {}
    for step in all_steps():
        if step.form_class is None:
            continue
        url = step.url(engagement)
        response = get(client, url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")
        action, fields = read_form(response.content.decode())
        forms[step.slug] = (action or url, fields)
    return forms


def wizard_cases(client: Client, engagement: Engagement) -> list[Case]:
    """Every step as an htmx partial (GET), and every step with a form saved (htmx POST)."""
    forms = step_forms(client, engagement)
    cases = []
    for step in all_steps():
        url = step.url(engagement)
        cases.append(
            Case(
                f"get.{step.slug}",
                lambda url=url: get(client, url, htmx=True),
                prepare=forget_plans,
                check=expect(200, contains='id="step"'),
            )
        )
    for slug, (action, fields) in forms.items():
        data = as_post(fields)

        def prepare(data=data) -> None:
            # Saving the same answers again would find their plan cached: a real save brings
            # new answers, so every save starts without one.
            forget_plans()
            # The version the page would carry now: each save bumps it.
            data["version"] = str(
                Engagement.objects.values_list("version", flat=True).get(pk=engagement.pk)
            )

        cases.append(
            Case(
                f"save.{slug}",
                lambda action=action, data=data: post(client, action, data),
                prepare=prepare,
                check=expect(200, header="HX-Push-Url"),
            )
        )
    return cases


def preview_cases(client: Client, engagement: Engagement) -> list[Case]:
    forms = step_forms(client, engagement)
    comp = reverse("step_preview", args=[engagement.pk, "comp"])
    loop = reverse("step_preview", args=[engagement.pk, "loop"])
    jd = reverse("step_preview", args=[engagement.pk, "jd"])
    comp_data = as_post(forms["comp"][1])
    loop_data = as_post(forms["loop"][1])
    jd_data = as_post(forms["jd"][1], jd_markdown=long_jd(1500))
    return [
        Case(
            "preview.comp",
            lambda: post(client, comp, comp_data),
            prepare=forget_plans,
            check=expect(200, contains="<svg"),
        ),
        Case(
            "preview.jd",
            lambda: post(client, jd, jd_data),
            prepare=forget_plans,
            check=expect(200),
        ),
        Case(
            "preview.loop",
            lambda: post(client, loop, loop_data),
            prepare=forget_plans,
            check=expect(200, contains="coverage"),
        ),
    ]


RECRUITER = "recruiter@staffing.example"  # the demo recruiter, who serves the bench plan


def recruiter_cases(engagement: Engagement) -> list[Case]:
    """The recruiter's pages: the dashboard and one plan's review page (full pages)."""
    client = client_for(User.objects.get(email=RECRUITER))
    dashboard_url = reverse("dashboard")
    detail_url = reverse("review_detail", args=[engagement.pk])
    return [
        Case(
            "review.dashboard",
            lambda: get(client, dashboard_url),
            prepare=forget_plans,
            check=expect(200, contains="<table"),
        ),
        Case(
            "review.detail",
            lambda: get(client, detail_url),
            prepare=forget_plans,
            check=expect(200),
        ),
    ]


def interactive(data: BenchData, mode: Mode) -> dict[str, Samples]:
    """Figures 1 and 2 with the floor, sampled together."""
    client = client_for(data.manager)
    cases = [
        floor_case(client),
        *wizard_cases(client, data.engagement),
        *preview_cases(client, data.engagement),
        *recruiter_cases(data.engagement),
    ]
    return sample(cases, rounds=mode.rounds, per_round=mode.per_round, warmup=mode.warmup)


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = get(client, url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def dashboard(data: BenchData, mode: Mode) -> dict[str, Any]:
    """Figure 3: the recruiter's dashboard for `small` and `large` plans."""
    url = reverse("dashboard")
    small, large = client_for(data.small_recruiter), client_for(data.large_recruiter)
    check = expect(200, contains="<table")
    cases = [
        Case("dashboard.small", lambda: get(small, url), check=check),
        Case("dashboard.large", lambda: get(large, url), check=check),
    ]
    samples = sample(cases, rounds=mode.rounds, per_round=mode.per_round, warmup=mode.warmup)
    return {
        "samples": samples,
        "queries": {"small": queries(small, url), "large": queries(large, url)},
    }


def _received(response: Any) -> Stopped:
    """The body, timed to its last byte: the response's close (and what the app does then,
    once the person has the file) runs after the clocks are read."""
    if response.status_code != 200:
        raise AssertionError(f"brief: {response.status_code}")
    chunks, wall, cpu = [], time.perf_counter(), time.thread_time()
    for chunk in response.streaming_content:
        chunks.append(chunk)
        wall, cpu = time.perf_counter(), time.thread_time()
    response.close()
    return Stopped(b"".join(chunks), wall, cpu)


def pdf(data: BenchData, mode: Mode) -> dict[str, Samples]:
    """Figure 4: a fresh brief request, WeasyPrint alone on the same HTML, a stored brief."""
    from weasyprint import HTML

    from hireplan.brief import BASE_URL, SafeFetcher, render_html

    client = client_for(data.manager)
    engagement = data.engagement
    url = reverse("brief_pdf", args=[engagement.pk])

    def forget() -> None:
        forget_plans()
        for brief in Brief.objects.filter(engagement=engagement):
            brief.file.delete(save=False)
            brief.delete()

    engagement = Engagement.objects.get(pk=engagement.pk)
    html = render_html(engagement)

    def weasyprint_alone() -> bytes:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).write_pdf()

    def clean() -> None:
        # Both start from a collected heap: one render's garbage must not tip the other's GC.
        forget()
        gc.collect()

    fresh = Case("pdf.request", lambda: _received(get(client, url)), prepare=clean)
    alone = Case("pdf.weasyprint", weasyprint_alone, prepare=gc.collect)
    warmup = 1 if mode.pdf_rounds > 1 else 0
    results = sample([fresh, alone], rounds=mode.pdf_rounds, per_round=1, warmup=warmup)
    stored = Samples()
    _received(get(client, url))  # stored once, then served
    for _ in range(mode.stored_runs):
        wall, cpu = once(Case("pdf.stored", lambda: _received(get(client, url))))
        stored.wall.append(wall)
        stored.cpu.append(cpu)
    results["pdf.stored"] = stored
    if Brief.objects.filter(engagement=engagement).count() != 1:
        raise AssertionError("serving a stored brief rendered it again")
    return results
