"""The JD as a schema.org JobPosting (jd/posting.py, jd.views.jd_posting and jd_posting_json):
the JSON-LD's shape, its pay range against the plan's, the place, the C5 refusal at its
boundary, the script element staying inert, and who may reach it."""

import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from hireplan.engine import build_input
from hireplan.models import Engagement
from hireplan.plans import plan_for
from hireplan.reference import load_reference
from jd.posting import JobPosting, Refusal, build_posting
from tests.conftest import step_url

LD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


# ----------------------------------------------------------------------------- the checker
def _typed(value, kind: str, where: str, problems: list[str]) -> bool:
    if not isinstance(value, dict) or value.get("@type") != kind:
        problems.append(f"{where} is not a {kind}")
        return False
    return True


def _nonempty_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _iso_date(value) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


EMPLOYMENT_TYPES = {
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM",
    "OTHER",
}  # fmt: skip


def job_posting_problems(data: dict) -> list[str]:
    """What keeps `data` from being a JobPosting as schema.org and Google's job-posting docs
    describe it: the required properties, the recommended ones, and their nested types."""
    problems: list[str] = []
    if data.get("@context") != "https://schema.org":
        problems.append("@context is not https://schema.org")
    if data.get("@type") != "JobPosting":
        problems.append("@type is not JobPosting")
    # Required.
    for name in ("title", "description"):
        if not _nonempty_text(data.get(name)):
            problems.append(f"{name} is missing")
    if not _iso_date(data.get("datePosted")):
        problems.append("datePosted is not an ISO date")
    org = data.get("hiringOrganization")
    if _typed(org, "Organization", "hiringOrganization", problems) and not _nonempty_text(
        org.get("name")
    ):
        problems.append("hiringOrganization has no name")
    if data.get("jobLocationType") == "TELECOMMUTE":
        areas = data.get("applicantLocationRequirements")
        if not isinstance(areas, list) or not areas:
            problems.append("a TELECOMMUTE job has no applicantLocationRequirements")
        for area in areas or []:
            if not isinstance(area, dict) or area.get("@type") not in ("Country", "State"):
                problems.append("an applicant location is not a Country or State")
            elif not _nonempty_text(area.get("name")):
                problems.append("an applicant location has no name")
    else:
        place = data.get("jobLocation")
        if _typed(place, "Place", "jobLocation", problems):
            address = place.get("address")
            typed = _typed(address, "PostalAddress", "jobLocation.address", problems)
            if typed and not _nonempty_text(address.get("addressCountry")):
                problems.append("the address has no country")
    # Recommended.
    salary = data.get("baseSalary")
    if _typed(salary, "MonetaryAmount", "baseSalary", problems):
        if salary.get("currency") != "USD":
            problems.append("baseSalary is not in USD")
        value = salary.get("value")
        if _typed(value, "QuantitativeValue", "baseSalary.value", problems):
            low, high = value.get("minValue"), value.get("maxValue")
            if not (isinstance(low, int) and isinstance(high, int) and 0 < low < high):
                problems.append("baseSalary is not a range")
            if value.get("unitText") not in ("HOUR", "DAY", "WEEK", "MONTH", "YEAR"):
                problems.append("baseSalary has no unit")
    kinds = data.get("employmentType")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not kinds or not set(kinds) <= EMPLOYMENT_TYPES:
        problems.append("employmentType is missing or unknown")
    if not _iso_date(data.get("validThrough")):
        problems.append("validThrough is not an ISO date")
    elif data["validThrough"] <= data.get("datePosted", ""):
        problems.append("validThrough is not after datePosted")
    ident = data.get("identifier")
    typed = _typed(ident, "PropertyValue", "identifier", problems)
    if typed and not (_nonempty_text(ident.get("name")) and _nonempty_text(ident.get("value"))):
        problems.append("identifier needs a name and a value")
    return problems


def test_it_catches_a_posting_that_is_not_one():
    assert "title is missing" in job_posting_problems({"@type": "JobPosting"})
    assert "jobLocation is not a Place" in job_posting_problems({"@type": "JobPosting"})


# ----------------------------------------------------------------------------- helpers
def posted(engagement: Engagement, **comp) -> Engagement:
    """The complete plan with these compensation answers changed."""
    engagement.answers["comp"] = {**engagement.answers["comp"], **comp}
    engagement.save()
    return engagement


NO_RANGE = {"posting_low_usd": None, "posting_high_usd": None}
HYBRID_CHARLOTTE = {
    "metro": "charlotte",
    "arrangement": "hybrid",
    "office_days": 3,
    "remote_nationwide": False,
}


def page(client, engagement: Engagement):
    return client.get(reverse("jd_posting", args=[engagement.pk]))


def json_ld(client, engagement: Engagement):
    return client.get(reverse("jd_posting_json", args=[engagement.pk]))


def embedded(response) -> dict:
    scripts = LD_SCRIPT.findall(response.text)
    assert len(scripts) == 1
    return json.loads(scripts[0])


# ----------------------------------------------------------------------------- the posting
def test_it_embeds_a_valid_job_posting_in_a_page_of_its_own(client, complete, manager):
    client.force_login(manager)
    response = page(client, complete)
    assert response.status_code == 200
    data = embedded(response)
    assert job_posting_problems(data) == []
    plan = plan_for(complete)
    assert data["title"] == "Senior ML Engineer, Search"
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Acme"}
    assert data["identifier"]["value"] == f"hireplan-{complete.pk}"
    assert data["datePosted"] == plan.today.isoformat()
    expires = plan.today + timedelta(weeks=plan.timeline.high_weeks)
    assert data["validThrough"] == expires.isoformat()
    assert data["employmentType"] == "FULL_TIME"
    assert "<h1>Senior ML engineer</h1>" in data["description"]
    # The page shows the posting itself, and the data to copy.
    html = response.text
    assert "<html" in html and "Senior ML Engineer, Search" in html
    assert "$210,000–$320,000 a year, base" in html
    assert "Remote, anywhere in the United States" in html
    assert 'id="posting-jsonld"' in html and "readonly" in html
    assert reverse("jd_posting_json", args=[complete.pk]) in html


def test_it_posts_the_plans_range_as_the_base_salary(client, complete, manager):
    posted(complete, posting_low_usd=230_000, posting_high_usd=320_000)
    client.force_login(manager)
    comp = plan_for(complete)
    answers = build_input(complete.answers, today=comp.today).comp
    salary = embedded(page(client, complete))["baseSalary"]
    assert salary == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": answers.posting_low_usd,
            "maxValue": answers.posting_high_usd,
            "unitText": "YEAR",
        },
    }
    assert (answers.posting_low_usd, answers.posting_high_usd) == (230_000, 320_000)
    # It reaches the top of the band the engine's posting advice works from (C5).
    assert salary["value"]["maxValue"] == comp.compensation.posting.post_up_to


def test_it_serves_the_same_json_ld_as_a_download(client, complete, manager):
    client.force_login(manager)
    response = json_ld(client, complete)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="senior-ml-engineer-search.jsonld"'
    )
    data = json.loads(response.content)
    assert job_posting_problems(data) == []
    assert data == embedded(page(client, complete))


def test_it_posts_a_remote_job_as_telecommute_from_the_states_named(client, complete, manager):
    posted(complete, remote_nationwide=False, posting_states=["CA", "NY"])
    client.force_login(manager)
    data = embedded(page(client, complete))
    assert job_posting_problems(data) == []
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "jobLocation" not in data
    assert data["applicantLocationRequirements"] == [
        {"@type": "State", "name": "California"},
        {"@type": "State", "name": "New York"},
    ]


def test_it_posts_a_nationwide_remote_job_to_the_country(client, complete, manager):
    client.force_login(manager)
    data = embedded(page(client, complete))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "US"}]


def test_it_places_a_hybrid_job_in_its_metro(client, complete, manager):
    posted(complete, **HYBRID_CHARLOTTE)
    client.force_login(manager)
    response = page(client, complete)
    data = embedded(response)
    assert job_posting_problems(data) == []
    assert "jobLocationType" not in data and "applicantLocationRequirements" not in data
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Charlotte",
            "addressRegion": "NC",
            "addressCountry": "US",
        },
    }
    assert "Hybrid: 3 days a week in the office, Charlotte, NC" in response.text


def test_it_places_another_metro_by_its_name_and_single_state(client, complete, manager):
    posted(
        complete,
        metro="other",
        other_metro_name="Austin",
        arrangement="in_office",
        remote_nationwide=False,
        posting_states=["TX"],
    )
    client.force_login(manager)
    address = embedded(page(client, complete))["jobLocation"]["address"]
    assert (address["addressLocality"], address["addressRegion"]) == ("Austin", "TX")


def test_it_says_a_contract_to_hire_is_a_contract_then_full_time(client, complete, manager):
    complete.answers["context"] = {**complete.answers["context"], "hire_type": "contract_to_hire"}
    complete.save()
    client.force_login(manager)
    assert embedded(page(client, complete))["employmentType"] == ["CONTRACTOR", "FULL_TIME"]


# ----------------------------------------------------------------------------- C5: refusals
@pytest.mark.parametrize(
    "comp, says",
    [
        ({"remote_nationwide": True}, "open across the U.S."),
        ({"remote_nationwide": False, "pay_transparency_law": "yes"}, "pay-transparency law"),
        ({"remote_nationwide": False, "pay_transparency_law": "unsure"}, "not sure"),
        ({**HYBRID_CHARLOTTE, "pay_transparency_law": "yes"}, "pay-transparency law"),
    ],
)
def test_it_refuses_a_posting_that_must_show_a_range_and_has_none(
    client, complete, manager, comp, says
):
    posted(complete, **NO_RANGE, **comp)
    client.force_login(manager)
    response = page(client, complete)
    assert response.status_code == 409
    assert not LD_SCRIPT.search(response.text)
    assert says in response.text and ">C5<" in response.text  # the reason's source
    assert step_url(complete, "comp") in response.text
    download = json_ld(client, complete)
    assert download.status_code == 409
    body = download.json()
    assert body["refused"] is True
    assert body["reasons"][0]["step"] == "comp" and body["reasons"][0]["claims"] == ["C5"]
    assert says in body["reasons"][0]["reason"]


@pytest.mark.parametrize(
    "comp",
    [
        {"remote_nationwide": False, "pay_transparency_law": "no"},  # remote, no law
        {**HYBRID_CHARLOTTE, "pay_transparency_law": "unsure"},  # C5 speaks of remote postings
        {**HYBRID_CHARLOTTE, "pay_transparency_law": "no"},
    ],
)
def test_it_posts_without_a_range_where_nothing_asks_for_one(client, complete, manager, comp):
    posted(complete, **NO_RANGE, **comp)
    client.force_login(manager)
    response = page(client, complete)
    assert response.status_code == 200
    data = embedded(response)
    assert "baseSalary" not in data
    assert job_posting_problems(data) == ["baseSalary is not a MonetaryAmount"]
    assert "No pay range is printed" in response.text
    assert json_ld(client, complete).status_code == 200


def test_it_refuses_before_the_compensation_or_jd_step_is_saved(client, engagement, manager):
    client.force_login(manager)
    response = page(client, engagement)
    assert response.status_code == 409
    assert "Save the compensation step first" in response.text
    assert "Save a job description" in response.text
    reasons = json_ld(client, engagement).json()["reasons"]
    assert [r["step"] for r in reasons] == ["jd", "comp"]


def test_it_decides_the_rule_without_the_web():
    """The builder alone: the same boundary, no request."""
    from tests.engine.support import SOUND, answers

    today = date(2026, 6, 1)
    ref = load_reference()

    def build(**comp):
        data = answers(comp={**NO_RANGE, **comp})
        plan = plan_for_answers_today(data, today)
        return build_posting(
            inp=build_input(data, today=today),
            plan=plan,
            ref=ref,
            jd_text=SOUND["jd"]["jd_markdown"],
            title="ML Engineer",
            company="Acme",
            plan_id=7,
            today=today,
        )

    assert isinstance(build(remote_nationwide=True), Refusal)
    silent = build(remote_nationwide=False, pay_transparency_law="no")
    assert isinstance(silent, JobPosting) and silent.pay is None
    assert silent.data["datePosted"] == "2026-06-01"


def plan_for_answers_today(data: dict, today: date):
    from hireplan.engine import plan_for_answers

    return plan_for_answers(data, today=today, ref=load_reference())


# ----------------------------------------------------------------------------- safety
def test_it_keeps_the_json_ld_inert_whatever_the_text_says(client, complete, manager, acme):
    attack = "</script><script>alert(1)</script><!--"
    complete.answers["jd"] = {**complete.answers["jd"], "jd_markdown": f"# Role\n\n{attack}\n"}
    complete.save()
    acme.name = f"Acme {attack}"
    acme.save()
    client.force_login(manager)
    response = page(client, complete)
    html = response.text
    # One script element, the data block; nothing the user typed opens or closes one.
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert "alert(1)</script>" not in html and "<!--" not in html.split("<body>", 1)[0]
    data = embedded(response)
    assert data["hiringOrganization"]["name"] == f"Acme {attack}"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in data["description"]
    assert job_posting_problems(data) == []
    # The browser runs no script on this page: the policy allows only our own files.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_links_the_posting_from_the_jd_step(client, complete, manager):
    client.force_login(manager)
    html = client.get(step_url(complete, "jd")).text
    assert f'href="{reverse("jd_posting", args=[complete.pk])}"' in html
    assert "Job posting (schema.org)" in html


@pytest.mark.parametrize("who", ["other_manager", "other_recruiter"])
def test_it_is_a_404_to_people_outside_the_company(
    client, complete, who, other_manager, other_recruiter
):
    client.force_login({"other_manager": other_manager, "other_recruiter": other_recruiter}[who])
    for response in (page(client, complete), json_ld(client, complete)):
        assert response.status_code == 404
        assert b"Senior ML" not in response.content


def test_it_is_open_to_the_companys_recruiter(client, complete, recruiter):
    client.force_login(recruiter)
    assert page(client, complete).status_code == 200
    assert json_ld(client, complete).status_code == 200


def test_it_leaves_out_a_first_heading_that_repeats_the_title():
    from jd.posting import without_title_heading

    text = "# ML Platform Engineer\n\nYou will own serving.\n"
    assert without_title_heading(text, "ml platform engineer ") == "You will own serving.\n"
    other = "# About Acme\n\nYou will own serving.\n"
    assert without_title_heading(other, "ML Platform Engineer") == other
    assert without_title_heading("You will own serving.", "ML Platform Engineer") == (
        "You will own serving."
    )
