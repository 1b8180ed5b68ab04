from django import forms
from django.contrib.auth.forms import AuthenticationForm

from hireplan.models import Engagement
from hireplan.schemas import CompanyStage, HireType, LLMWork, MLInSeat, RegulatedSetting
from hireplan.wizard import StepForm

YES_NO = [("yes", "Yes"), ("no", "No")]


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
        max_length=120,
        help_text="As it would appear on the posting, for example “Senior ML Engineer, Ranking”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Give the role a title."},
    )
    company_stage = forms.ChoiceField(
        label="Company stage",
        choices=[("", "Choose a stage…"), *CompanyStage.choices()],
        error_messages={"required": "Choose the company’s stage."},
    )
    industry = forms.CharField(
        label="Industry",
        max_length=80,
        help_text="For example fintech, health tech, logistics.",
        error_messages={"required": "Name the industry, for example fintech."},
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
    first_ml_hire = forms.TypedChoiceField(
        label="Is this the company’s first ML hire?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Stored answers hold a bool; the radio needs its "yes"/"no" value back.
        if isinstance(self.initial.get("first_ml_hire"), bool):
            self.initial["first_ml_hire"] = "yes" if self.initial["first_ml_hire"] else "no"


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
DASHBOARD_SORTS = {
    "role": ("title",),
    "company": ("organization__name",),
    "manager": ("owner__last_name", "owner__first_name"),
    "lane": ("lane",),
    "level": ("level",),
    "metro": ("metro",),
    "status": ("status",),
    "opened": ("search_opened_on",),
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
    status = forms.ChoiceField(
        label="Status", required=False, choices=_with_any("Any status", Engagement.Status.choices)
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


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something before sending."},
    )


class StatusForm(forms.Form):
    action = forms.ChoiceField(choices=[])
    comment = forms.CharField(
        label="Comment for the hiring manager",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you request changes: say what should change.",
    )

    def __init__(self, *args, actions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a.value, a.label) for a in actions]
