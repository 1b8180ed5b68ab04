"""Answers stored in an older shape, brought up to the current one.

Used by the data migrations (which must not depend on the models as they are today) and by
imports of export files written before the change (hireplan/transfer.py), so a plan saved or
exported earlier still opens. Each function returns new data and leaves what it does not
recognise untouched: the schema then reports it as usual. None of them raises.

Current grants, before the statement's fields (migration 0005):
    {value_usd, vesting_years, cliff_months, vested_usd, cliff_date}
became
    {value_usd, vesting_years, schedule, vesting_start, cliff_months, vested_usd}.
The old answers implied monthly vesting. The vesting start is the cliff date less the
cliff's months when a cliff date was given (the cliff was still ahead); otherwise today less
the months the vested share stands for, rounded to the nearest month, as the old engine read
it. A vested figure of 0 meant "nothing yet" and becomes empty ("as the schedule says").

Titles, before they refused line breaks, control codes, direction overrides and invisible-only
text (migration 0007): the plan's title, the role title and each round's name are cleaned the
way `cleaned_title` says; one left with nothing to show becomes "Untitled role" or "Round N".
"""

from datetime import date
from fractions import Fraction
from typing import Any

from hireplan.engine.answers.titles import cleaned_title
from hireplan.engine.equity import add_months

UNTITLED = "Untitled role"

OLD_GRANT_FIELDS = {"value_usd", "vesting_years", "cliff_months", "vested_usd", "cliff_date"}


def _whole(value: Any) -> int | None:
    return value if type(value) is int else None


def upgrade_grant(grant: Any, *, today: date) -> Any:
    """A current grant in the old shape, in the statement's shape; anything else as it was."""
    if not isinstance(grant, dict) or "vesting_start" in grant or "schedule" in grant:
        return grant
    if not set(grant) <= OLD_GRANT_FIELDS:
        return grant
    value, years = _whole(grant.get("value_usd")), _whole(grant.get("vesting_years"))
    cliff = _whole(grant.get("cliff_months", 0))
    vested = _whole(grant.get("vested_usd") or 0)
    if value is None or years is None or cliff is None or vested is None or value <= 0:
        return grant
    try:
        cliff_date = grant.get("cliff_date")
        if cliff_date:
            start = add_months(date.fromisoformat(str(cliff_date)), -cliff)
        else:
            start = add_months(today, -round(Fraction(years * 12 * vested, value)))
    except (ValueError, TypeError, OverflowError):
        return grant
    return {
        "value_usd": value,
        "vesting_years": years,
        "schedule": "monthly",
        "vesting_start": start.isoformat(),
        "cliff_months": cliff,
        "vested_usd": vested if vested > 0 else None,
    }


def upgrade_answers(answers: Any, *, today: date) -> Any:
    """An engagement's stored answers with every old-shape grant of the offer step upgraded."""
    if not isinstance(answers, dict):
        return answers
    offer = answers.get("offer")
    if not isinstance(offer, dict) or not isinstance(offer.get("current_grants"), list):
        return answers
    grants = [upgrade_grant(grant, today=today) for grant in offer["current_grants"]]
    if grants == offer["current_grants"]:
        return answers
    return {**answers, "offer": {**offer, "current_grants": grants}}


def upgrade_export(document: Any, *, today: date) -> Any:
    """An export file's parsed JSON with each engagement's answers upgraded (the same object
    when nothing needed it)."""
    if not isinstance(document, dict) or not isinstance(document.get("engagements"), list):
        return document
    records, changed = [], False
    for record in document["engagements"]:
        if isinstance(record, dict) and "answers" in record:
            answers = upgrade_answers(record["answers"], today=today)
            if answers is not record["answers"]:
                record, changed = {**record, "answers": answers}, True
        records.append(record)
    return {**document, "engagements": records} if changed else document


def upgrade_titles(title: Any, answers: Any) -> tuple[Any, Any]:
    """The plan's title and its answers with every title cleaned (the same objects when
    nothing needed it)."""
    if isinstance(title, str):
        title = cleaned_title(title, UNTITLED)
    if not isinstance(answers, dict):
        return title, answers
    context = answers.get("context")
    if isinstance(context, dict) and isinstance(context.get("role_title"), str):
        role = cleaned_title(context["role_title"], UNTITLED)
        if role != context["role_title"]:
            answers = {**answers, "context": {**context, "role_title": role}}
    loop = answers.get("loop")
    if isinstance(loop, dict) and isinstance(loop.get("rounds"), list):
        rounds = [
            {**r, "title": cleaned_title(r["title"], f"Round {n}")}
            if isinstance(r, dict) and isinstance(r.get("title"), str)
            else r
            for n, r in enumerate(loop["rounds"], start=1)
        ]
        if rounds != loop["rounds"]:
            answers = {**answers, "loop": {**loop, "rounds": rounds}}
    return title, answers
