"""The hub's forms, and what every step's form is built from: `StepForm` and the fields for
each kind of value (dollars, percents, yes or no), so "185k" or "15%" reads the same on every
step."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from hireplan.engine.answers import (
    SEARCH_OPEN_YEARS_MAX,
    CompanyStage,
    HireType,
    LLMWork,
    MLInSeat,
    RegulatedSetting,
)
from hireplan.engine.answers.context import OPENINGS_MAX, OPENINGS_MIN
from hireplan.engine.answers.titles import title_problem
from hireplan.engine.equity import add_months
from hireplan.engine.text import day
from hireplan.models import Engagement


class StepForm(forms.Form):
    """Base form of every step: carries the engagement version the user started from.

    `purpose` says what the posted answers are for: "save" (the default), or "preview" (live
    advice while typing, which the step's form may hold to a lighter standard: the JD step
    lets an empty text through). A step's own views may name more (the JD's "draft")."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # {field name: claim IDs}: the guide's claims behind a field, shown as its sources.
    claims: dict[str, list[str]] = {}
    # The answers Hireplan filled in that nobody has confirmed (Engagement.suggested): their
    # fields carry a "Suggested" badge. Set by the wizard for the plan being shown.
    suggested: frozenset[str] = frozenset()

    def __init__(self, *args, purpose: str = "save", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        for name, field in self.fields.items():
            field.claims = self.claims.get(name, [])


DOLLARS_HELP = "Yearly, in dollars: 185000, 185,000, $185,000 and 185k all work."
_DOLLARS = re.compile(r"^(-?)\$?(-?)(\d+(?:\.\d+)?)([km]?)$")
_MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000}


class DollarsField(forms.IntegerField):
    """A whole number of dollars, typed the way people write salaries: 185000, 185,000,
    $185,000 or 185k. Bounds (`min_value`, `max_value`) work as on any IntegerField."""

    default_error_messages = {"invalid": "Enter a whole number of dollars, e.g. 185000."}

    def __init__(self, **kwargs) -> None:
        # A text box, not a number box: "$185,000" must be typeable.
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 12}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: object) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = re.sub(r"[\s,]|usd", "", str(value).lower())
        match = _DOLLARS.match(text)
        if match is None or (match[1] and match[2]):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            amount = Decimal(match[3]) * _MULTIPLIERS[match[4]]
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount != amount.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return -int(amount) if match[1] or match[2] else int(amount)

    def prepare_value(self, value: object) -> object:
        # Stored answers are ints; show them the way they are read ("185,000").
        return f"{value:,}" if isinstance(value, int) else value


class PercentField(forms.FloatField):
    """A percent, typed as 15 or 15%; `whole` takes whole percents only (and gives an int)."""

    def __init__(self, *, whole: bool = False, **kwargs) -> None:
        self.whole = whole
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: object) -> float | int | None:
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        number = super().to_python(value)
        if self.whole and number is not None:
            if number != int(number):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            return int(number)
        return number


YES_NO = [("yes", "Yes"), ("no", "No")]


class YesNoField(forms.TypedChoiceField):
    """A yes-or-no question as two radio buttons, stored as a bool. `choices` may word the
    two answers ("yes" first or not); their values stay "yes" and "no"."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(coerce=lambda value: value == "yes", **kwargs)

    def prepare_value(self, value: object) -> object:
        # A stored bool picks its radio back.
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value


def checked_title(value: str) -> str:
    """A typed title, refused by the engine's rule (hireplan/engine/answers/titles.py) in
    its words: one line of visible text, with no direction overrides. For a form's
    `clean_<title field>`, so the message sits beside the field. (A NUL never gets here:
    Django's CharField refuses it first, with its own message.)"""
    if value and (problem := title_problem(value)):
        raise ValidationError(problem, code="title")
    return value


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That email and password don’t match an account. Check both and try again."
        ),
    }
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class ContextForm(StepForm):
    role_title = forms.CharField(
        label="Role title",
        min_length=2,
        max_length=120,
        help_text="As it would appear on the posting, for example “Senior ML Engineer, Ranking”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Give the role a title.",
            "min_length": "Give the role a title of at least 2 characters, as it would be posted.",
        },
    )
    openings = forms.IntegerField(
        label="Openings",
        # Empty reads as one hire, as do plans saved before the question existed.
        required=False,
        min_value=OPENINGS_MIN,
        max_value=OPENINGS_MAX,
        initial=1,
        help_text="How many people you hire into this role with one plan.",
        error_messages={
            "invalid": "Enter a whole number of openings, such as 3.",
            "min_value": f"A plan hires at least {OPENINGS_MIN} person.",
            "max_value": (
                f"One plan covers at most {OPENINGS_MAX} openings. For more, start a second "
                "plan (“Copy this plan” starts it from this one)."
            ),
        },
    )
    company_stage = forms.ChoiceField(
        label="Company stage",
        choices=[("", "Choose a stage…"), *CompanyStage.choices()],
        error_messages={"required": "Choose the company’s stage."},
    )
    industry = forms.CharField(
        label="Industry",
        min_length=2,
        max_length=80,
        help_text="For example fintech, health tech, logistics.",
        error_messages={
            "required": "Name the industry, for example fintech.",
            "min_length": "Name the industry in at least 2 characters, for example fintech.",
        },
    )
    regulated_setting = forms.ChoiceField(
        label="Is the work in a regulated setting?",
        choices=RegulatedSetting.choices(),
        widget=forms.RadioSelect,
        initial=RegulatedSetting.NONE,
        help_text="Reviewers and regulators in these settings can weigh a PhD.",
    )
    ml_in_seat = forms.ChoiceField(
        label="Production ML in seat today",
        choices=MLInSeat.choices(),
        widget=forms.RadioSelect,
        help_text="Decides whether a mid-level hire can work at all.",
        error_messages={"required": "Choose how much production ML is in place today."},
    )
    first_ml_hire = YesNoField(
        label="Is this the company’s first ML hire?",
        help_text="A first hire sets the lane and the hire type.",
        error_messages={"required": "Say whether this is the company’s first ML hire."},
    )
    hire_type = forms.ChoiceField(
        label="Hire type",
        choices=HireType.choices(),
        widget=forms.RadioSelect,
        initial=HireType.DIRECT,
    )
    llm_work = forms.ChoiceField(
        label="Will the role also do LLM work?",
        choices=LLMWork.choices(),
        widget=forms.RadioSelect,
        initial=LLMWork.NONE,
        help_text="Changes the size of the pool and the band.",
    )
    search_open_since = forms.DateField(
        label="Search open since",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty if the search has not started.",
        error_messages={"invalid": "Enter a date such as 2026-09-14."},
    )

    claims = {
        "regulated_setting": ["F3"],
        "ml_in_seat": ["F1"],
        "first_ml_hire": ["L7", "F2"],
        "hire_type": ["F2"],
        "llm_work": ["L10"],
        "search_open_since": ["T3"],
    }

    def clean_role_title(self) -> str:
        return checked_title(self.cleaned_data["role_title"])

    def clean_openings(self) -> int:
        value = self.cleaned_data.get("openings")
        return 1 if value is None else value

    def clean_search_open_since(self) -> date | None:
        """At most SEARCH_OPEN_YEARS_MAX years ago (Hireplan's rule); the schema refuses a
        date in the future and keeps every date in its fixed window."""
        value = self.cleaned_data.get("search_open_since")
        earliest = add_months(timezone.localdate(), -SEARCH_OPEN_YEARS_MAX * 12)
        if value is not None and value < earliest:
            raise ValidationError(
                f"Choose a date within the last ten years, {day(earliest)} or later: "
                "a search open longer than that is a new search."
            )
        return value


class OrganizationChoiceForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="Company", queryset=None, empty_label=None, help_text="Which company is hiring?"
    )

    def __init__(self, *args, organizations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


def _with_any(label: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


# Column key: the ORM ordering it sorts by. Ties break on the newest change, then the id.
# A leading "-" marks a column whose figure runs against its field: "Days open" grows as
# `search_opened_on` gets older, so more days open first ("-opened", ↓) is the oldest date
# first. The sort then follows the number the recruiter sees, and so does its arrow.
DASHBOARD_SORTS = {
    "role": ("title",),
    "company": ("organization__name",),
    "manager": ("owner__last_name", "owner__first_name"),
    "lane": ("lane",),
    "level": ("level",),
    "metro": ("metro",),
    "status": ("status",),
    "opened": ("-search_opened_on",),
    "blockers": ("blocker_count",),
    "risks": ("risk_count",),
    "updated": ("updated_at",),
}


class DashboardForm(forms.Form):
    """The recruiter dashboard's filters; they live in the URL, so every field is optional."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": "Role, company or hiring manager"}),
    )
    # A plan its hiring manager has not sent yet is their work in progress: the dashboard leaves
    # it out unless this filter asks for it (hireplan.workspace._filtered), and names it as the
    # recruiter reads it (the `recruiter_status` filter, hireplan/templatetags/hireplan_tags.py).
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=_with_any(
            "Submitted plans",
            [
                (
                    value,
                    "In progress (not submitted)" if value == Engagement.Status.DRAFT else label,
                )
                for value, label in Engagement.Status.choices
            ],
        ),
    )
    company = forms.ModelChoiceField(
        label="Company", required=False, queryset=None, empty_label="All companies"
    )
    lane = forms.ChoiceField(label="Lane", required=False, choices=_with_any("Any lane", []))
    level = forms.ChoiceField(label="Level", required=False, choices=_with_any("Any level", []))
    open_long = forms.BooleanField(label="Open more than 45 days", required=False)
    blockers = forms.BooleanField(label="Has blockers", required=False)
    sort = forms.ChoiceField(
        required=False,
        choices=[(f"{d}{key}", key) for key in DASHBOARD_SORTS for d in ("", "-")],
    )

    def __init__(self, *args, organizations, lanes, levels, open_days: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = organizations
        self.fields["lane"].choices = _with_any("Any lane", lanes)
        self.fields["level"].choices = _with_any("Any level", levels)
        self.fields["open_long"].label = f"Open more than {open_days} days"


WHOLE_PLAN = ""  # a comment's `step` when it is about the plan as a whole


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something before sending."},
    )
    step = forms.ChoiceField(
        label="About",
        required=False,
        choices=[],
        help_text="The email links to the step you choose.",
        error_messages={"invalid_choice": "Choose the plan as a whole or one of its steps."},
    )

    def __init__(self, *args, steps: list[tuple[str, str]] | None = None, **kwargs) -> None:
        """`steps`: (slug, title) of the steps a comment can be about (hireplan.steps)."""
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(WHOLE_PLAN, "The plan as a whole"), *(steps or [])]


class StatusForm(forms.Form):
    # The one action whose comment can point at steps (workflow.Action.REQUEST_CHANGES; named
    # here because the workflow imports the step registry, which imports this module).
    STEPS_ACTION = "request_changes"

    action = forms.ChoiceField(choices=[])
    comment = forms.CharField(
        label="Comment for the hiring manager",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you request changes: say what should change.",
    )
    steps = forms.MultipleChoiceField(
        label="Steps to change",
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Only with “Request changes”: each step you tick shows your comment to the hiring "
            "manager, and the email links to it."
        ),
        error_messages={
            "invalid_choice": "“%(value)s” is not a step of this plan: tick steps from the list."
        },
    )

    def __init__(
        self, *args, actions, steps: list[tuple[str, str]] | None = None, **kwargs
    ) -> None:
        """`actions`: the workflow actions open to the viewer; `steps`: (slug, title) of the
        steps a request for changes can point at (hireplan.steps)."""
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a.value, a.label) for a in actions]
        self.fields["steps"].choices = list(steps or [])

    def clean_steps(self) -> list[str]:
        # Each step once, whatever was posted; the choices bound how many there can be.
        return list(dict.fromkeys(self.cleaned_data.get("steps") or []))

    def clean(self) -> dict:
        data = super().clean()
        # Refused rather than dropped: a ticked step with "Approve" is most likely a click on
        # the wrong button, and approving would lose what the recruiter meant to ask.
        if data.get("steps") and data.get("action") != self.STEPS_ACTION:
            self.add_error(
                "steps",
                "Steps are for a request for changes. Untick them to take another action, "
                "or press “Request changes”.",
            )
        return data
