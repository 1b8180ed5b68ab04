"""The JD as a job posting: schema.org `JobPosting` JSON-LD, or the reasons Hireplan refuses.

Pure: no Django. It reads the engine's typed answers and plan and the saved JD text, and returns
either a `JobPosting` (the JSON-LD dict and the few lines the posting page shows) or a
`Refusal` naming what must change first and on which step. docs/engine.md ("Job posting")
explains the rules; those that are Hireplan's own, not the guide's, say so there and here.

The pay range (C5). The posting's `baseSalary` is the range the user entered on the
compensation step as the one printed on the posting, never a figure they did not choose. A
posting that must show a range and has none is refused:

- a nationwide remote posting: it reaches every state, so the guide's eight with a range law;
- a posting the user says falls under a pay-transparency law;
- a remote posting whose law the user is not sure of (Hireplan's reading of C5: the guide
  counts eight states without naming them, so "not sure" cannot rule them out).

An in-office or hybrid posting the user is unsure of, and any posting the user says is under no
such law, is exported without `baseSalary` when it has no range: C5 speaks of remote postings.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from hireplan.engine import EngagementInput, HiringPlan
from hireplan.engine.answers import Arrangement, CompAnswers, HireType, Metro, PayTransparency
from hireplan.engine.comp import effective_arrangement
from hireplan.engine.reference import Reference
from hireplan.engine.text import plural, usd_span
from jd.render import render_markdown

SCHEMA_CONTEXT = "https://schema.org"
COUNTRY = "US"  # every band in the plan is a U.S. base (C1)

# Where each metro the guide names is, for the posting's address (plain geography, Hireplan's
# own table: the guide names the metros, not their states). The locality is the place a job
# seeker searches for; a metro the guide names as several towns reads as its county.
METRO_PLACES: dict[Metro, tuple[str, str]] = {
    Metro.ORANGE_COUNTY: ("Orange County", "CA"),
    Metro.BELLEVUE_REDMOND: ("Bellevue–Redmond", "WA"),
    Metro.MOUNTAIN_VIEW: ("Mountain View", "CA"),
    Metro.BAY_AREA_OTHER: ("San Francisco Bay Area", "CA"),
    Metro.CHARLOTTE: ("Charlotte", "NC"),
    Metro.TAMPA: ("Tampa", "FL"),
}

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip


@dataclass(frozen=True)
class Reason:
    """One thing that stops the export: what is wrong, the claims behind it, the step to fix."""

    text: str
    step: str
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refusal:
    reasons: tuple[Reason, ...]

    def as_json(self) -> dict:
        return {
            "refused": True,
            "reasons": [
                {"reason": r.text, "step": r.step, "claims": list(r.claims)} for r in self.reasons
            ],
        }


@dataclass(frozen=True)
class JobPosting:
    """The JSON-LD and what the posting page prints beside the JD."""

    data: dict
    title: str
    company: str
    location: str
    pay: str | None  # None: posted without a range (allowed only where no law asks for one)
    description_html: str
    notes: tuple[str, ...] = field(default=())

    def json_text(self) -> str:
        """The JSON-LD as a download holds it."""
        return json.dumps(self.data, indent=2, ensure_ascii=False)

    def script_text(self) -> str:
        """The JSON-LD for inside `<script type="application/ld+json">`: `<`, `>` and `&` as
        JSON escapes, so no text of the user's can close the element or open a comment."""
        return (
            self.json_text()
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029")
        )


# ----------------------------------------------------------------------------- the C5 rule
def range_required_because(comp: CompAnswers, ref: Reference) -> str | None:
    """Why this posting must show a pay range (C5), or None when no rule asks for one."""
    states = ref.comp.posting.states_requiring_range
    if comp.remote_nationwide:
        return (
            f"A remote posting open across the U.S. reaches the {states} states that require a "
            "pay range on remote postings."
        )
    if comp.pay_transparency_law == PayTransparency.YES:
        return "You said the posting falls under a pay-transparency law."
    remote = effective_arrangement(comp, ref) == Arrangement.REMOTE
    if remote and comp.pay_transparency_law == PayTransparency.UNSURE:
        return (
            f"Remote postings must show a pay range in {states} states, which the guide does "
            "not name, and you are not sure whether this one falls under such a law."
        )
    return None


# ----------------------------------------------------------------------------- pieces
def _employment_type(inp: EngagementInput) -> str | list[str]:
    """Full-time unless the plan says contract-to-hire: a contract first, then full-time."""
    if inp.context is not None and inp.context.hire_type == HireType.CONTRACT_TO_HIRE:
        return ["CONTRACTOR", "FULL_TIME"]
    return "FULL_TIME"


def _place(comp: CompAnswers) -> tuple[str | None, str | None]:
    """(locality, state code) of the office, as far as the answers tell."""
    locality, region = METRO_PLACES.get(comp.metro, (None, None))
    if comp.metro == Metro.OTHER:
        locality = comp.other_metro_name or None
    if region is None and len(comp.posting_states) == 1:
        region = comp.posting_states[0]
    return locality, region


def _office(comp: CompAnswers, ref: Reference) -> tuple[dict, str]:
    """The `jobLocation` of an in-office or hybrid job, and how the page says where it is."""
    locality, region = _place(comp)
    address: dict = {"@type": "PostalAddress"}
    if locality:
        address["addressLocality"] = locality
    if region:
        address["addressRegion"] = region
    address["addressCountry"] = COUNTRY
    where = ", ".join(p for p in (locality, region) if p) or "United States"
    if effective_arrangement(comp, ref) == Arrangement.HYBRID:
        days = plural(comp.office_days or 0, "day")
        line = f"Hybrid: {days} a week in the office, {where}"
    else:
        line = f"In the office, {where}"
    return {"@type": "Place", "address": address}, line


def _remote(comp: CompAnswers) -> tuple[list[dict], str]:
    """`applicantLocationRequirements` of a remote job, and the page's line."""
    if comp.posting_states and not comp.remote_nationwide:
        names = [STATE_NAMES[code] for code in comp.posting_states]
        areas = [{"@type": "State", "name": name} for name in names]
        return areas, f"Remote, from {', '.join(names)}"
    return [{"@type": "Country", "name": COUNTRY}], "Remote, anywhere in the United States"


def _salary(low: int, high: int) -> dict:
    return {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": low,
            "maxValue": high,
            "unitText": "YEAR",
        },
    }


# ----------------------------------------------------------------------------- the posting
def without_title_heading(jd_text: str, title: str) -> str:
    """The JD less a first heading that only repeats the title: a posting gives the title
    apart, and boards and the posting page print it above the description already."""
    first, _, rest = jd_text.lstrip().partition("\n")
    if first.startswith("#") and first.lstrip("#").strip().casefold() == title.strip().casefold():
        return rest.lstrip("\n")
    return jd_text


def build_posting(
    *,
    inp: EngagementInput,
    plan: HiringPlan,
    ref: Reference,
    jd_text: str,
    title: str,
    company: str,
    plan_id: int,
    today: date,
) -> JobPosting | Refusal:
    """The plan's JD as a schema.org JobPosting, or why it cannot be exported yet."""
    reasons: list[Reason] = []
    if not jd_text.strip():
        reasons.append(Reason("Save a job description on the JD step first.", "jd"))
    comp = inp.comp
    if comp is None:
        reasons.append(
            Reason(
                "Save the compensation step first: it says where the job is, whether the "
                "posting must show a pay range, and which range to print.",
                "comp",
                ("C5",),
            )
        )
    elif not comp.has_posting_range:
        why = range_required_because(comp, ref)
        if why is not None:
            reasons.append(
                Reason(
                    f"{why} Enter the posted range on the compensation step, reaching the top "
                    "of the band.",
                    "comp",
                    tuple(ref.comp.posting.claims),
                )
            )
    if reasons or comp is None:
        return Refusal(tuple(reasons))

    data: dict = {
        "@context": SCHEMA_CONTEXT,
        "@type": "JobPosting",
        "title": title,
        "description": render_markdown(without_title_heading(jd_text, title)),
        "identifier": {"@type": "PropertyValue", "name": company, "value": f"hireplan-{plan_id}"},
        "datePosted": today.isoformat(),
        # Hireplan's rule: the posting runs as long as the plan expects the search to take
        # at most (the timeline's upper end, T1 with this plan's T2 causes), from today.
        "validThrough": (today + timedelta(weeks=plan.timeline.high_weeks)).isoformat(),
        "employmentType": _employment_type(inp),
        "hiringOrganization": {"@type": "Organization", "name": company},
    }
    if effective_arrangement(comp, ref) == Arrangement.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"], location = _remote(comp)
    else:
        data["jobLocation"], location = _office(comp, ref)

    notes: list[str] = []
    pay = None
    if comp.posting_low_usd is not None and comp.posting_high_usd is not None:
        data["baseSalary"] = _salary(comp.posting_low_usd, comp.posting_high_usd)
        pay = f"{usd_span(comp.posting_low_usd, comp.posting_high_usd)} a year, base"
    elif plan.compensation is not None:
        suggested = plan.compensation.posting.range
        notes.append(
            "No pay range is printed: none was entered on the compensation step and no law the "
            "plan knows of asks for one. A posted range reaching the top of the band, "
            f"{usd_span(suggested.low, suggested.high)}, is what the guide advises (C5)."
        )
    return JobPosting(
        data=data,
        title=title,
        company=company,
        location=location,
        pay=pay,
        description_html=data["description"],
        notes=tuple(notes),
    )
