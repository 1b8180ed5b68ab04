"""The forms of the loop, sourcing and offer steps.

Repeating answers (rounds, grants, competing offers) are Django formsets inside the step's
form; the step form hands their rows to the pydantic schema as lists. Each row is also
checked against its own pydantic model, so a problem lands on the row's field rather than at
the top of the page. Checks that depend on today's date (no start date in the past) live here
and not in the schemas, because a saved answer must stay valid as time passes.
"""

import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django import forms
from django.conf import settings
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    TOTAL_FORM_COUNT,
    BaseFormSet,
    formset_factory,
)
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from pydantic import BaseModel, ValidationError

from hireplan.engine.answers import (
    APPROVERS_MAX_CHARS,
    BASE_MAX_USD,
    BASE_MIN_USD,
    CLIFF_MONTHS_MAX,
    COMPETING_OFFERS_MAX,
    CURRENT_GRANTS_MAX,
    DEFAULT_OUTREACH_SHARE_PCT,
    EQUITY_MAX_USD,
    KIT_PROMPT_MAX,
    LOOP_ROUNDS_MAX,
    NOTICE_WEEKS_MAX,
    OFFER_HOURS_MAX,
    OWNER_MAX_CHARS,
    ROUND_MINUTES_MAX,
    ROUND_MINUTES_MIN,
    ROUND_SKILLS_MAX,
    SKILL_NAME_MAX,
    SKILL_NAME_MIN,
    SPREAD_DAYS_MAX,
    START_HORIZON_YEARS,
    VALUATION_MAX_USD,
    VALUATION_MIN_USD,
    VESTING_START_MAX,
    VESTING_START_MIN,
    VESTING_YEARS_MAX,
    CompetingOffer,
    CurrentGrant,
    InterviewerRole,
    LoopSpread,
    Round,
    RoundFormat,
    RoundKind,
    SkillId,
    VestingSchedule,
    skill_key,
)
from hireplan.engine.equity import add_months
from hireplan.engine.text import day
from hireplan.forms import DollarsField, StepForm, YesNoField, checked_title
from loops.schedule import is_working_day


def whole_number(
    label: str,
    *,
    low: int,
    high: int,
    required: bool = True,
    what: str = "number",
    money: bool = False,
    **kwargs,
) -> forms.IntegerField:
    """An integer field whose errors say what the number is and its bounds, in plain words."""
    unit = "$" if money else ""
    attrs = {"inputmode": "numeric", "autocomplete": "off"}
    field_class = DollarsField if money else forms.IntegerField
    return field_class(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        # Dollars go in a text box so "$295,000" can be typed; numbers in a number box.
        widget=forms.TextInput(attrs=attrs) if money else forms.NumberInput(attrs=attrs),
        error_messages={
            "required": f"Enter the {what}.",
            "invalid": f"Enter the {what} as a whole number.",
            "min_value": f"The {what} cannot be below {unit}{low:,}.",
            "max_value": f"The {what} cannot be above {unit}{high:,}.",
        },
        **kwargs,
    )


def not_in_past(value: date | None, what: str) -> date | None:
    """A start date from today to START_HORIZON_YEARS ahead (Hireplan's rule)."""
    today = timezone.localdate()
    if value is not None and value < today:
        raise forms.ValidationError(f"The {what} is in the past: choose today or a later date.")
    horizon = add_months(today, START_HORIZON_YEARS * 12)
    if value is not None and value > horizon:
        raise forms.ValidationError(
            f"Choose a {what} within three years of today, by {day(horizon)} at the latest."
        )
    return value


def copy_errors(form: forms.Form, exc: ValidationError) -> None:
    """A pydantic error on a field of `form` goes beside that field; others go on top."""
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else None
        message = error["msg"].removeprefix("Value error, ")
        if field in form.fields:
            if field not in form.errors:
                form.add_error(field, message)
        else:
            form.add_error(None, message)


class RowForm(forms.Form):
    """One row of a repeating answer, checked against its pydantic model once it parses."""

    schema: type[BaseModel]
    # Fields that always carry a value (a select's default): they alone do not fill a row.
    defaulted: tuple[str, ...] = ()

    def has_changed(self) -> bool:
        """A row counts as filled in when any field other than a defaulted one has a value."""
        return any(
            str(self.data.get(self.add_prefix(name), "")).strip()
            for name in self.fields
            if name not in self.defaulted
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            try:
                self.schema.model_validate(cleaned)
            except ValidationError as exc:
                copy_errors(self, exc)
        return cleaned


# ----------------------------------------------------------------------------- loop step
TEAM_SKILL_NOTE = "your team's own"
_SKILL_ID = re.compile(r"^s\d+$", re.IGNORECASE)


def skill_choices(team_skills: list[str]) -> list[tuple[str, str]]:
    """The checkboxes of a round: the guide's six, then the JD's own skills in its order."""
    return [
        *SkillId.choices(),
        *((skill, f"{skill} ({TEAM_SKILL_NOTE})") for skill in team_skills),
    ]


class SkillsField(forms.MultipleChoiceField):
    """The skills a round tests, as checkboxes: the guide's six and, once the step knows the
    JD (`LoopForm.offer_team_skills`), the JD's own skills.

    A ticked value the checkboxes do not list is not refused here: the wizard validates a
    save before it looks at the JD, and a loop must stay savable while the JD changes. Any
    tick is held to a skill's shape (an S1–S6 id, or 2 to 80 characters; at most
    ROUND_SKILLS_MAX); the plan counts a tick only when the JD ranks that skill, and the
    step drops the others at its next save (Hireplan's rule, docs/engine.md)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=SkillId.choices(), **kwargs)

    def to_python(self, value: object) -> list[str]:
        return [skill.strip() for skill in super().to_python(value)]

    def valid_value(self, value: str) -> bool:
        return True  # the shape of each skill is checked in validate(), in plain words

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > ROUND_SKILLS_MAX:
            raise forms.ValidationError(f"A round tests at most {ROUND_SKILLS_MAX} skills.")
        for skill in value:
            if _SKILL_ID.match(skill) and skill.upper() not in SkillId.__members__:
                raise forms.ValidationError(
                    f"Unknown skill id {skill.upper()}: the guide's skills are S1 to S6."
                )
            if not SKILL_NAME_MIN <= len(skill) <= SKILL_NAME_MAX:
                raise forms.ValidationError(
                    f"Each skill is {SKILL_NAME_MIN} to {SKILL_NAME_MAX} characters."
                )


class RoundForm(RowForm):
    schema = Round

    kind = forms.ChoiceField(
        label="Kind of round",
        choices=RoundKind.choices(),
        error_messages={"required": "Choose what kind of round this is."},
    )
    title = forms.CharField(
        label="Name",
        min_length=2,
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Give the round a name, for example “Technical depth”.",
            "min_length": "Give the round a name of at least two characters.",
            "max_length": "Keep the round's name under 80 characters.",
        },
    )
    minutes = forms.IntegerField(
        label="Minutes",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Say how long the round lasts, in minutes.",
            "invalid": "Enter the length in whole minutes, for example 45.",
        },
    )
    format = forms.ChoiceField(
        label="Format",
        choices=RoundFormat.choices(),
        widget=forms.RadioSelect,
        initial=RoundFormat.LIVE,
        error_messages={"required": "Choose live or take-home."},
    )
    interviewer_role = forms.ChoiceField(
        label="Run by",
        choices=InterviewerRole.choices(),
        error_messages={"required": "Choose who runs the round."},
    )
    interviewer_count = forms.IntegerField(
        label="Interviewers",
        min_value=1,
        max_value=10,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Say how many people run the round.",
            "invalid": "Enter how many people run the round, as a whole number.",
            "min_value": "At least one person runs a round.",
            "max_value": "More than ten interviewers in one round is a panel, not a round.",
        },
    )
    skills_tested = SkillsField(
        label="Skills it tests",
        required=False,
        help_text="The guide's six, then your team's own skills from the JD step.",
    )
    purpose = forms.CharField(
        label="What it is for",
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Keep the purpose under 400 characters."},
    )

    # The loop editor shows one round with all its fields (`is_open`, set by the editor) and
    # the rest as one-line summaries carrying their values in hidden inputs: a loop of five
    # rounds is forty-odd fields, too many to read or to render at once.
    is_open = False
    focus_button = ""  # the summary or editor button that takes focus after an edit

    @property
    def shows_fields(self) -> bool:
        """Open, or holding an error the manager must see beside its field."""
        return self.is_open or bool(self.errors)

    def summary(self) -> "RoundSummary":
        def label(name: str) -> str:
            value = self[name].value()
            return str(dict(self.fields[name].choices).get(value, "")) if value else ""

        minutes = _int_or_none(self["minutes"].value())
        count = _int_or_none(self["interviewer_count"].value())
        runner = label("interviewer_role")
        title = str(self["title"].value() or "").strip()
        kind = label("kind")
        facts = [
            kind if kind != title else "",  # "Recruiter screen" named "Recruiter screen"
            f"{minutes} min" if minutes else "length not set",
            label("format"),
            f"run by {runner.lower()}" + (f" ({count})" if count else "") if runner else "",
        ]
        skills = dict(self.fields["skills_tested"].choices)
        return RoundSummary(
            title=title,
            facts=[fact for fact in facts if fact],
            skills=[str(skills[s]) for s in self["skills_tested"].value() or [] if s in skills],
            purpose=str(self["purpose"].value() or "").strip(),
        )

    def hidden_inputs(self) -> SafeString:
        """Every field's current value, for a round shown as a summary: the editor posts
        all rounds on every action, so nothing typed is lost while a round is closed."""
        pairs = []
        for name in self.fields:
            value = self[name].value()
            for item in value if isinstance(value, list | tuple) else [value]:
                if name == "skills_tested" and not self.offers_skill(item):
                    continue  # a team skill the JD no longer ranks goes at the next save
                pairs.append((self.add_prefix(name), "" if item is None else item))
        return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)

    # The skills the step offers once it knows the JD (LoopForm.offer_team_skills), by
    # skill_key; None before that, and then every tick travels on.
    offered_skills: frozenset[str] | None = None

    def offers_skill(self, skill: object) -> bool:
        return self.offered_skills is None or skill_key(str(skill)) in self.offered_skills

    def clean_title(self) -> str:
        return checked_title(self.cleaned_data["title"])

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if not ROUND_MINUTES_MIN <= minutes <= ROUND_MINUTES_MAX:
            raise forms.ValidationError(
                f"A round lasts {ROUND_MINUTES_MIN} to {ROUND_MINUTES_MAX} minutes; split a "
                "longer one in two."
            )
        return minutes


ROWS_NOT_INTACT = "Some rows did not arrive intact: reload the page and try again."


def counts_intact(data: Mapping[str, object], prefix: str, most: int) -> bool:
    """Whether a posted management form's counts are ones a browser could have sent: whole
    numbers with 0 <= INITIAL_FORMS <= TOTAL_FORMS <= `most`. Anything else (-1, 10**9, "abc")
    is refused rather than clamped, so a forged count never passes silently."""
    try:
        total = int(str(data.get(f"{prefix}-{TOTAL_FORM_COUNT}", "")))
        initial = int(str(data.get(f"{prefix}-{INITIAL_FORM_COUNT}", "")))
    except ValueError:
        return False
    return 0 <= initial <= total <= most


class IntactRowsFormSet(BaseFormSet):
    """A formset that refuses a management form with counts out of range, with one clear
    message and no rows, instead of clamping them (issue 18)."""

    @property
    def counts_intact(self) -> bool:
        return not self.is_bound or counts_intact(self.data, self.prefix, self.absolute_max)

    def total_form_count(self) -> int:
        return super().total_form_count() if self.counts_intact else 0

    def initial_form_count(self) -> int:
        return super().initial_form_count() if self.counts_intact else 0

    def full_clean(self) -> None:
        super().full_clean()
        if not self.counts_intact:
            self._non_form_errors = self.error_class(
                [self.error_messages["missing_management_form"]],
                error_class="nonform",
                renderer=self.renderer,
            )


class BaseRoundFormSet(IntactRowsFormSet):
    default_error_messages = {
        **BaseFormSet.default_error_messages,
        "too_many_forms": f"A loop holds at most {LOOP_ROUNDS_MAX} rounds.",
        "missing_management_form": "The rounds did not arrive intact: reload the page and "
        "try again.",
    }

    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        if not self.forms:
            raise forms.ValidationError(
                "A loop needs at least one round: add one, or start again from the guide's "
                "template."
            )


RoundFormSet = formset_factory(
    RoundForm,
    formset=BaseRoundFormSet,
    extra=0,
    max_num=LOOP_ROUNDS_MAX,
    validate_max=True,
    absolute_max=LOOP_ROUNDS_MAX,
)


@dataclass(frozen=True)
class RoundSummary:
    title: str
    facts: list[str]  # kind, length, format, who runs it
    skills: list[str]  # the guide's skills it tests, by name
    purpose: str


@dataclass(frozen=True)
class RoundRow:
    """A round as the user has it right now (posted or saved), for the matrix and calendar."""

    number: int
    title: str
    minutes: int | None
    take_home: bool
    skills: list[str]


def _int_or_none(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


class LoopForm(StepForm):
    spread = forms.ChoiceField(
        label="How the rounds spread out",
        choices=LoopSpread.choices(),
        widget=forms.RadioSelect,
        help_text="The candidate's calendar, not yours: senior people fit rounds around a job.",
        error_messages={"required": "Choose how the rounds spread out."},
    )
    spread_days = forms.IntegerField(
        label="Over how many days?",
        required=False,
        min_value=1,
        max_value=SPREAD_DAYS_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="Only for another span, counted in calendar days.",
        error_messages={
            "invalid": "Enter the span in whole days.",
            "min_value": "A loop runs over at least one day.",
            "max_value": f"A loop runs over {SPREAD_DAYS_MAX} days at most.",
        },
    )

    claims = {"spread": ["LP3", "LP4"], "spread_days": ["LP3"]}

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            # Every posted round counts: a blank one is an error, not a row to skip.
            self.rounds = RoundFormSet(
                data, prefix="rounds", form_kwargs={"empty_permitted": False}
            )
        else:
            self.rounds = RoundFormSet(
                initial=list(self.initial.get("rounds") or []), prefix="rounds"
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("spread") != LoopSpread.CUSTOM:
            cleaned["spread_days"] = None  # a stale number beside a named span means nothing
        if self.rounds.is_valid():
            cleaned["rounds"] = [form.cleaned_data for form in self.rounds.forms]
        elif not self.rounds.counts_intact or (
            self.rounds.non_form_errors() and not any(f.errors for f in self.rounds.forms)
        ):
            # A forged count (counts_intact) gets its one message, not a blank row's errors.
            self.add_error(None, self.rounds.non_form_errors()[0])
        else:
            self.add_error(None, "Some rounds need fixing: each problem is marked on its round.")
        return cleaned

    def round_rows(self) -> list[RoundRow]:
        rows = []
        for number, form in enumerate(self.rounds.forms, start=1):
            # As many ticks as a round may hold: a forged post with more is refused on save.
            skills = list(form["skills_tested"].value() or [])[:ROUND_SKILLS_MAX]
            rows.append(
                RoundRow(
                    number=number,
                    title=str(form["title"].value() or "").strip() or f"Round {number}",
                    minutes=_int_or_none(form["minutes"].value()),
                    take_home=form["format"].value() == RoundFormat.TAKE_HOME,
                    skills=[str(skill) for skill in skills if form.offers_skill(skill)],
                )
            )
        return rows

    # Team skills ticked on a round that the JD no longer ranks (offer_team_skills).
    dropped_skills: tuple[str, ...] = ()

    def offer_team_skills(self, team_skills: list[str]) -> None:
        """Lists the JD's own skills after the guide's six on every round. Ticks on team
        skills the JD no longer ranks are left out of the rounds as shown (and so of the next
        save) and named in `dropped_skills`; a tick matches the JD's skill case aside, and
        takes the JD's spelling. Call it before the form renders (the step's extra_context)."""
        choices = skill_choices(team_skills)
        by_key = {skill_key(value): value for value, _ in choices}
        dropped: dict[str, str] = {}
        for form in self.rounds.forms:
            field = form.fields["skills_tested"]
            field.choices = choices
            form.offered_skills = frozenset(by_key)
            if form.is_bound:
                ticks = [str(s) for s in form["skills_tested"].value() or []]
            else:
                ticks = [str(s) for s in form.initial.get("skills_tested") or []]
            kept: list[str] = []
            for skill in ticks[:ROUND_SKILLS_MAX]:
                if skill_key(skill) in by_key:
                    if by_key[skill_key(skill)] not in kept:
                        kept.append(by_key[skill_key(skill)])
                else:
                    dropped.setdefault(skill_key(skill), skill.strip())
            if not form.is_bound:
                form.initial = {**form.initial, "skills_tested": kept}
        self.dropped_skills = tuple(dropped.values())

    def current_spread_days(self) -> int | None:
        """The loop's span in days as the form has it now; None when not yet readable."""
        spread = self["spread"].value()
        if spread == LoopSpread.CUSTOM:
            days = _int_or_none(self["spread_days"].value())
            return days if days and 1 <= days <= SPREAD_DAYS_MAX else None
        return {"one_day": 1, "one_week": 7, "two_weeks": 14}.get(str(spread))


# ----------------------------------------------------------------------------- sourcing step
class SourcingForm(StepForm):
    recruiter_has_ml_network = YesNoField(
        label="Does your recruiter already know ML engineers to call?",
        help_text="A book of ML engineers they have placed or talked to before, not a database.",
        error_messages={"required": "Say whether your recruiter has a network of ML engineers."},
    )
    outreach_share_pct = whole_number(
        "Share of sourcing effort on passive outreach, in %",
        low=0,
        high=100,
        what="share",
        initial=DEFAULT_OUTREACH_SHARE_PCT,
        help_text=(
            "The rest goes to the posting. 70% to start: about that share of placements come "
            "from outreach."
        ),
    )
    notice_period_weeks = whole_number(
        "The candidate's expected notice period, in weeks",
        low=0,
        high=NOTICE_WEEKS_MAX,
        required=False,
        what="notice period",
        help_text="The guide gives no typical figure: use what candidates in your market give.",
    )
    target_start_date = forms.DateField(
        label="Target start date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When you would like the hire to start.",
        error_messages={"invalid": "Enter a date such as 2027-03-01."},
    )

    claims = {
        "recruiter_has_ml_network": ["T3"],
        "outreach_share_pct": ["SO1"],
        "notice_period_weeks": ["C9"],
        "target_start_date": ["T1", "C9"],
    }

    def clean_target_start_date(self) -> date | None:
        return not_in_past(self.cleaned_data.get("target_start_date"), "target start date")


# ----------------------------------------------------------------------------- offer step
class GrantForm(RowForm):
    schema = CurrentGrant
    defaulted = ("schedule",)

    value_usd = whole_number(
        "Grant's total value today, $", money=True, low=1, high=EQUITY_MAX_USD, what="grant's value"
    )
    vesting_years = whole_number(
        "Vests over, years", low=1, high=VESTING_YEARS_MAX, what="vesting period in years"
    )
    schedule = forms.ChoiceField(
        label="Vests",
        choices=VestingSchedule.choices(),
        initial=VestingSchedule.MONTHLY.value,
        error_messages={
            "required": "Say how often the grant vests.",
            "invalid_choice": "Choose monthly, quarterly or yearly.",
        },
    )
    vesting_start = forms.DateField(
        label="Vesting start",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="As the statement shows it.",
        error_messages={
            "required": "Enter the date the grant started vesting.",
            "invalid": "Enter a date such as 2025-03-01.",
        },
    )
    cliff_months = whole_number(
        "Cliff, months", low=0, high=CLIFF_MONTHS_MAX, required=False, what="cliff in months"
    )
    vested_usd = whole_number(
        "Vested so far, $",
        money=True,
        low=0,
        high=EQUITY_MAX_USD,
        required=False,
        what="vested amount",
        help_text="Empty: as the schedule says.",
    )

    def clean_cliff_months(self) -> int:
        return self.cleaned_data.get("cliff_months") or 0

    def clean_vesting_start(self) -> date | None:
        value = self.cleaned_data.get("vesting_start")
        if value is not None and not VESTING_START_MIN <= value <= VESTING_START_MAX:
            raise forms.ValidationError(
                f"Enter a vesting start between {day(VESTING_START_MIN)} and "
                f"{day(VESTING_START_MAX)}."
            )
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # Checks against today's date: they belong to the form, not the stored answer.
        today = timezone.localdate()
        grant = CurrentGrant.model_validate(cleaned)
        cliff = add_months(grant.vesting_start, grant.cliff_months)
        if grant.vested_usd:
            if grant.vesting_start > today:
                self.add_error(
                    "vested_usd",
                    f"Nothing vests before the grant starts on {day(grant.vesting_start)}: "
                    "leave this empty or check the start.",
                )
            elif grant.cliff_months and cliff > today:
                self.add_error(
                    "vested_usd",
                    f"Nothing vests before the cliff on {day(cliff)}: leave this empty or "
                    "check the cliff.",
                )
        ends = add_months(grant.vesting_start, grant.total_months)
        if ends <= today and "vested_usd" not in self.errors:
            self.add_error(
                "vesting_start",
                f"This grant finished vesting on {day(ends)}, so the candidate leaves nothing "
                "of it behind: remove the row, or check the start and the years.",
            )
        return cleaned


class CompetingForm(RowForm):
    schema = CompetingOffer

    label = forms.CharField(
        label="Offer from",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="A name for it; the company if you know it.",
        error_messages={"max_length": "Keep the name under 60 characters."},
    )
    base_usd = whole_number("Base, $", money=True, low=BASE_MIN_USD, high=BASE_MAX_USD, what="base")
    equity_per_year_usd = whole_number(
        "Equity per year, $",
        money=True,
        low=0,
        high=EQUITY_MAX_USD,
        required=False,
        what="equity per year",
    )

    def clean_equity_per_year_usd(self) -> int:
        return self.cleaned_data.get("equity_per_year_usd") or 0


class OptionalRowsFormSet(IntactRowsFormSet):
    """Rows left blank are skipped; a row with anything in it must be complete."""

    default_error_messages = {
        **BaseFormSet.default_error_messages,
        "missing_management_form": ROWS_NOT_INTACT,
    }

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("form_kwargs", {"empty_permitted": True})
        super().__init__(*args, **kwargs)

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


# No blank row is added: "Add a grant" and "Add an offer" add rows in place (loops/views.py).
GrantFormSet = formset_factory(
    GrantForm,
    formset=OptionalRowsFormSet,
    extra=0,
    max_num=CURRENT_GRANTS_MAX,
    absolute_max=CURRENT_GRANTS_MAX,
)
CompetingFormSet = formset_factory(
    CompetingForm,
    formset=OptionalRowsFormSet,
    extra=0,
    max_num=COMPETING_OFFERS_MAX,
    absolute_max=COMPETING_OFFERS_MAX,
)


class VestingSharesField(forms.CharField):
    """Yearly vesting shares typed as "25, 25, 25, 25" (a % sign is fine)."""

    def to_python(self, value) -> list[int]:
        if isinstance(value, list | tuple):
            return [int(share) for share in value]
        text = super().to_python(value)
        if not text:
            return []
        parts = [part.strip().removesuffix("%").strip() for part in text.split(",")]
        try:
            shares = [int(part) for part in parts if part]
        except ValueError:
            raise forms.ValidationError(
                "Enter whole percentages separated by commas, for example 25, 25, 25, 25."
            ) from None
        if any(share < 0 for share in shares):
            raise forms.ValidationError("A year's share cannot be negative.")
        if len(shares) > VESTING_YEARS_MAX:
            raise forms.ValidationError(f"A schedule runs {VESTING_YEARS_MAX} years at most.")
        return shares

    def prepare_value(self, value) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(share) for share in value)
        return value or ""


class OfferForm(StepForm):
    offer_hours_after_final_round = whole_number(
        "Hours from the final round to the written offer",
        low=0,
        high=OFFER_HOURS_MAX,
        what="number of hours",
        help_text="Counted from the end of the last interview.",
    )
    offer_owner = forms.CharField(
        label="Who sends the written offer",
        required=False,
        max_length=OWNER_MAX_CHARS,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "Recruiter"}),
        help_text="A role or a name: the person who owns the deadline.",
        error_messages={"max_length": f"Keep this to {OWNER_MAX_CHARS} characters or fewer."},
    )
    same_day_walkthrough = YesNoField(
        label="Does the recruiter walk the candidate through the offer the day it lands?",
        error_messages={"required": "Say whether the recruiter walks through the offer that day."},
    )
    approvers = forms.CharField(
        label="Who signs off the offer",
        required=False,
        max_length=APPROVERS_MAX_CHARS,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "Head of engineering, CFO"}
        ),
        error_messages={"max_length": f"Keep this to {APPROVERS_MAX_CHARS} characters or fewer."},
    )
    approval_hours = whole_number(
        "Sign-off takes, hours after the final round",
        low=0,
        high=OFFER_HOURS_MAX,
        required=False,
        what="number of hours",
        help_text="Leave empty if you don't know yet.",
    )
    hm_call_within_hours = whole_number(
        "Hiring manager's call about the first 90 days, hours after the offer",
        low=1,
        high=OFFER_HOURS_MAX,
        required=False,
        what="number of hours",
        help_text="Leave empty if no call is planned.",
    )
    offer_base_usd = whole_number(
        "Offered base salary, $",
        money=True,
        low=BASE_MIN_USD,
        high=BASE_MAX_USD,
        required=False,
        what="base salary",
        help_text="A yearly U.S. base in whole dollars.",
    )
    equity_compared_by_nominal_grant = YesNoField(
        label="How will the team compare equity with what the candidate holds?",
        choices=[
            ("no", "By what vests over the next four years"),
            ("yes", "By the size of each grant"),
        ],
        initial="no",
    )
    offer_equity_usd = whole_number(
        "Grant value, $",
        money=True,
        low=0,
        high=EQUITY_MAX_USD,
        required=False,
        what="grant's value",
    )
    offer_vesting_pct = VestingSharesField(
        label="Share vesting each year, in %",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "25, 25, 25, 25"}),
        help_text="One figure per year, adding up to 100.",
    )
    offer_cliff_months = whole_number(
        "The offer's cliff, months",
        low=0,
        high=CLIFF_MONTHS_MAX,
        required=False,
        what="cliff in months",
    )
    company_valuation_usd = whole_number(
        "Company valuation, $",
        money=True,
        low=VALUATION_MIN_USD,
        high=VALUATION_MAX_USD,
        required=False,
        what="valuation",
        help_text="Only to show the grant as a share of the company, if your team thinks in "
        "percent.",
    )
    start_date = forms.DateField(
        label="Proposed start date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Carried from the sourcing step's target; the equity figures count from it.",
        error_messages={"invalid": "Enter a date such as 2027-03-01."},
    )
    start_weeks_after_acceptance = whole_number(
        "Weeks from acceptance to start",
        low=0,
        high=NOTICE_WEEKS_MAX,
        required=False,
        what="number of weeks",
        help_text="Compared with the notice period from the sourcing step.",
    )

    claims = {
        "offer_hours_after_final_round": ["O2"],
        "offer_owner": ["O2"],
        "approvers": ["O2"],
        "approval_hours": ["O2"],
        "same_day_walkthrough": ["O2"],
        "hm_call_within_hours": ["O2"],
        "offer_base_usd": ["C7"],
        "equity_compared_by_nominal_grant": ["C8"],
        "offer_equity_usd": ["C8"],
        "offer_vesting_pct": ["C8"],
        "offer_cliff_months": ["C8", "C9"],
        "company_valuation_usd": ["C8"],
        "start_date": ["C9"],
        "start_weeks_after_acceptance": ["C9"],
    }

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            self.grants = GrantFormSet(data, prefix="grants")
            self.competing = CompetingFormSet(data, prefix="competing")
        else:
            self.grants = GrantFormSet(
                initial=list(self.initial.get("current_grants") or []), prefix="grants"
            )
            self.competing = CompetingFormSet(
                initial=list(self.initial.get("competing_offers") or []), prefix="competing"
            )

    def clean_start_date(self) -> date | None:
        return not_in_past(self.cleaned_data.get("start_date"), "start date")

    def clean(self) -> dict:
        cleaned = super().clean()
        rows_ok = True
        rows = (("current_grants", self.grants), ("competing_offers", self.competing))
        for name, formset in rows:
            if formset.is_valid():
                cleaned[name] = formset.rows()
            else:
                rows_ok = False
        if not all(formset.counts_intact for _, formset in rows):
            self.add_error(None, ROWS_NOT_INTACT)
        elif not rows_ok:
            self.add_error(None, "Some rows below need fixing: each problem is marked on its row.")
        return cleaned


# ----------------------------------------------------------------------------- interview kits
class PromptField(forms.CharField):
    """A prompt typed in a textarea. Line breaks count as one character, as the browser's
    maxlength counts them, so a prompt the box accepted is never refused as too long."""

    def to_python(self, value) -> str:
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n")


class KitPromptsForm(forms.Form):
    """The hiring manager's own prompt per skill of the interview kits, one box per skill
    (`skills`: loops.kits.PromptSkill). An empty box leaves the skill to Hireplan's prompts."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "The page was missing a part: reload it and try again.",
            "invalid": "The page was missing a part: reload it and try again.",
        },
    )

    def __init__(self, data=None, *, skills, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.skills = list(skills)
        for index, skill in enumerate(self.skills):
            rounds = ", ".join(str(number) for number in skill.rounds)
            self.fields[f"prompt_{index}"] = PromptField(
                label=skill.name,
                required=False,
                max_length=KIT_PROMPT_MAX,
                initial=skill.prompt,
                widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
                help_text=(
                    f"Asked in round{'s' if len(skill.rounds) != 1 else ''} {rounds}. "
                    f"Up to {KIT_PROMPT_MAX} characters; leave it empty to keep Hireplan's only."
                ),
                error_messages={
                    "max_length": (
                        "Keep your prompt to %(limit_value)d characters or fewer "
                        "(it has %(show_value)d)."
                    ),
                },
            )

    def rows(self) -> list[tuple]:
        """(skill, bound field) for each skill, for the template."""
        return [(skill, self[f"prompt_{index}"]) for index, skill in enumerate(self.skills)]

    def prompts(self, stored: dict[str, str]) -> dict[str, str]:
        """The prompts to store: the stored ones with this form's skills replaced by what was
        typed (an empty box removes that skill's prompt). Prompts kept for skills the loop no
        longer tests stay, as the schema keeps them."""
        typed = {
            skill.key: self.cleaned_data.get(f"prompt_{index}", "").strip()
            for index, skill in enumerate(self.skills)
        }
        kept = {key: text for key, text in stored.items() if key not in typed}
        return kept | {key: text for key, text in typed.items() if text}


# ----------------------------------------------------------------------------- loop calendar
# Hireplan's rule: a first interview from today to two years ahead; later is no plan.
FIRST_INTERVIEW_YEARS_AHEAD = 2
TIME_ZONE_MAX_CHARS = 64  # the longest IANA name is about 32 characters
# The zones the picker offers; any IANA zone is accepted (the default, or one typed in a link).
CALENDAR_ZONES = (
    "UTC",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Toronto",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Warsaw",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
)


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def first_interview_window(today: date) -> tuple[date, date]:
    return today, add_months(today, FIRST_INTERVIEW_YEARS_AHEAD * 12)


def next_working_day(after: date) -> date:
    day_ = after + timedelta(days=1)
    while not is_working_day(day_):
        day_ += timedelta(days=1)
    return day_


class LoopCalendarForm(forms.Form):
    """The date of the first interview and the time zone the loop's calendar is written in."""

    first = forms.DateField(
        label="First interview",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="A weekday, from today to two years ahead.",
        error_messages={
            "required": "Choose the date of the first interview.",
            "invalid": "Enter the date as year-month-day, such as 2027-03-15.",
        },
    )
    tz = forms.CharField(
        label="Time zone",
        max_length=TIME_ZONE_MAX_CHARS,
        widget=forms.Select,
        help_text="The rounds' times are written in this zone.",
        error_messages={
            "required": "Choose a time zone.",
            "max_length": "That is not a time zone: choose one from the list.",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "calendar_%s")  # ids apart from the loop form's own
        super().__init__(*args, **kwargs)
        self.fields["tz"].widget.attrs.pop("maxlength", None)  # the length is checked here
        self.today = timezone.localdate()
        low, high = first_interview_window(self.today)
        self.fields["first"].widget.attrs |= {"min": low.isoformat(), "max": high.isoformat()}
        self.fields["first"].initial = next_working_day(self.today)
        default = settings.TIME_ZONE
        self.fields["tz"].initial = default
        zones = list(dict.fromkeys([default, *CALENDAR_ZONES]))
        posted = (self.data.get("tz") or "").strip() if self.is_bound else ""
        if posted in known_zones() and posted not in zones:
            zones.insert(0, posted)  # a valid zone from a link stays chosen
        self.fields["tz"].widget.choices = [(zone, zone.replace("_", " ")) for zone in zones]

    def clean_first(self) -> date:
        value = self.cleaned_data["first"]
        low, high = first_interview_window(self.today)
        if value < low:
            raise forms.ValidationError("That date is in the past: choose today or a later date.")
        if value > high:
            raise forms.ValidationError(
                f"Choose a date within two years of today, by {day(high)} at the latest."
            )
        if not is_working_day(value):
            raise forms.ValidationError(
                "Interviews go on weekdays: choose a date from Monday to Friday."
            )
        return value

    def clean_tz(self) -> str:
        value = self.cleaned_data["tz"].strip()
        if value not in known_zones():
            raise forms.ValidationError(
                "Hireplan does not know that time zone: choose one from the list."
            )
        return value
