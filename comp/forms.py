"""The compensation step's form: level, place, arrangement, the proposed band and the posting.

Every field is named as in the engine's `CompAnswers`: the form reads what the user typed (and
forgives "$185,000" or "185k"), the schema then checks the answers as a whole.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from hireplan.engine.answers import (
    LLM_UPLIFT_MAX_USD,
    METROS_WITHOUT_FIGURE,
    US_STATE_CODES,
    Arrangement,
    Level,
    Metro,
    PayTransparency,
)
from hireplan.engine.reference import Disagreement
from hireplan.engine.text import usd_span
from hireplan.forms import DOLLARS_HELP, DollarsField, PercentField, StepForm
from hireplan.reference import load_reference


class StateCodesField(forms.Field):
    """Two-letter state codes separated by commas or spaces, cleaned to a list."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "off", "maxlength": 200, "autocapitalize": "characters"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: object) -> list[str]:
        if value in self.empty_values:
            return []
        parts = value if isinstance(value, list | tuple) else re.split(r"[\s,;/]+", str(value))
        codes = [str(part).strip().upper() for part in parts if str(part).strip()]
        unknown = [code for code in codes if code not in US_STATE_CODES]
        if unknown:
            raise ValidationError(
                f"Not a U.S. state code: {', '.join(unknown)}. "
                "Use two-letter postal codes such as CA, NY or WA.",
                code="unknown_state",
            )
        return list(dict.fromkeys(codes))

    def prepare_value(self, value: object) -> object:
        return ", ".join(value) if isinstance(value, list | tuple) else value


class CompForm(StepForm):
    level = forms.ChoiceField(
        label="Level",
        choices=Level.choices(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the level you are hiring at.",
            "invalid_choice": "Choose mid-level or senior.",
        },
    )
    metro = forms.ChoiceField(
        label="Where the role is based",
        choices=[("", "Choose a place…"), *Metro.choices()],
        help_text=(
            "Anywhere else, “Another metro”; one national band for remote, “No single metro”."
        ),
        error_messages={
            "required": "Choose where the role is based.",
            "invalid_choice": "Choose one of the places in the list.",
        },
    )
    other_metro_name = forms.CharField(
        label="Name of the metro",
        required=False,
        max_length=80,
        help_text="Only for “Another metro”, for example Denver.",
        error_messages={"max_length": "Keep the metro’s name to 80 characters or fewer."},
    )
    local_base_usd = DollarsField(
        label="Where offers close locally at this level, if you know",
        required=False,
        help_text=(
            "The guide does not price this place, so the national band stands. A local figure "
            f"builds the band around it instead. {DOLLARS_HELP}"
        ),
    )
    arrangement = forms.ChoiceField(
        label="How the team works",
        choices=Arrangement.choices(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose remote, hybrid or full in-office.",
            "invalid_choice": "Choose remote, hybrid or full in-office.",
        },
    )
    office_days = forms.IntegerField(
        label="Office days a week",
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": 5, "inputmode": "numeric"}),
        help_text="Only for hybrid: 1 to 5. Five days counts as full in-office.",
        error_messages={"invalid": "Enter a whole number of days, e.g. 3."},
    )
    band_low_usd = DollarsField(
        label="Bottom of the band",
        required=False,
        help_text=f"The base range the company proposes. {DOLLARS_HELP}",
    )
    band_high_usd = DollarsField(
        label="Top of the band",
        required=False,
        help_text="Between $50,000 and $1,000,000, at most three times the bottom.",
    )
    bonus_target_pct = PercentField(
        label="Bonus target",
        required=False,
        min_value=0,
        max_value=100,
        help_text="Percent of base, e.g. 15.",
        # "%%": Django fills the limit into min/max messages with %-formatting.
        error_messages={
            "invalid": "Enter the bonus target as a percent of base, e.g. 15.",
            "min_value": "Enter a bonus target between 0 and 100%%.",
            "max_value": "Enter a bonus target between 0 and 100%%.",
        },
    )
    llm_uplift_usd = DollarsField(
        label="Your uplift for LLM work",
        required=False,
        validators=[
            MinValueValidator(0, "The uplift can’t be negative."),
            MaxValueValidator(
                LLM_UPLIFT_MAX_USD, f"Enter an uplift of at most ${LLM_UPLIFT_MAX_USD:,}."
            ),
        ],
        help_text=("Only for LLM work; added to both ends. The guide names no amount."),
    )
    equity_note = forms.CharField(
        label="Equity",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=("For example $200,000 over four years, one-year cliff."),
        error_messages={"max_length": "Keep the equity note to 500 characters or fewer."},
    )
    remote_nationwide = forms.BooleanField(
        label="Post it as remote, open across the U.S.",
        required=False,
        help_text=(
            "Only for remote roles. A nationwide posting reaches the states that require a range."
        ),
    )
    posting_states = StateCodesField(
        label="States the posting covers",
        required=False,
        help_text="Two-letter codes, e.g. CA, NY, WA. Not needed for a nationwide posting.",
    )
    posted_publicly = forms.BooleanField(
        label="The job will be posted publicly",
        required=False,
        help_text="On the careers page or a job board, with or without a range.",
    )
    pay_transparency_law = forms.ChoiceField(
        label="Does the posting fall under a pay-transparency law?",
        choices=PayTransparency.choices(),
        widget=forms.RadioSelect,
        required=False,
        initial=PayTransparency.UNSURE,
        error_messages={"invalid_choice": "Choose yes, no or not sure."},
    )
    posting_low_usd = DollarsField(
        label="Bottom of the posted range",
        required=False,
        help_text="The range printed on the posting, if any.",
    )
    posting_high_usd = DollarsField(
        label="Top of the posted range",
        required=False,
        help_text="Best at the top of your band.",
    )

    claims = {
        "level": ["C1"],
        "metro": ["C4"],
        "local_base_usd": ["C4"],
        "arrangement": ["C6"],
        "office_days": ["C6"],
        "band_low_usd": ["C2"],
        "band_high_usd": ["C2"],
        "llm_uplift_usd": ["L10"],
        "equity_note": ["C8"],
        "remote_nationwide": ["C5"],
        "posting_states": ["C5"],
        "posted_publicly": ["C5"],
        "pay_transparency_law": ["C5"],
        "posting_low_usd": ["C5"],
        "posting_high_usd": ["C5"],
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        states = load_reference().comp.posting.states_requiring_range
        self.fields[
            "pay_transparency_law"
        ].help_text = (
            f"The guide counts {states} states that require a range, unnamed: check yours."
        )

    @property
    def level_bands(self) -> list[dict]:
        """The guide's base bands by level, the unused opening-summary figure included (C1)."""
        return [
            {
                "level": band.level.label,
                "range": usd_span(band.low, band.high),
                "used": band.used,
                "part": "pay section" if band.part == "body" else "opening summary",
                "claims": band.claims,
            }
            for band in load_reference().comp.level_bands
        ]

    @property
    def level_disagreement(self) -> Disagreement | None:
        return next(iter(load_reference().comp.disagreements), None)

    def _ignore(self, name: str, empty: object) -> None:
        # A field that does not apply (often hidden) must neither block a save nor be stored.
        self._errors.pop(name, None)
        self.cleaned_data[name] = empty

    def clean(self) -> dict:
        data = super().clean()
        metro, arrangement = data.get("metro"), data.get("arrangement")
        if metro != Metro.OTHER:
            self._ignore("other_metro_name", "")
        if metro not in METROS_WITHOUT_FIGURE:
            self._ignore("local_base_usd", None)
        if arrangement != Arrangement.HYBRID:
            self._ignore("office_days", None)
        if arrangement != Arrangement.REMOTE:
            self._ignore("remote_nationwide", False)
        if data.get("remote_nationwide"):
            self._ignore("posting_states", [])
        if not data.get("pay_transparency_law"):
            data["pay_transparency_law"] = PayTransparency.UNSURE
        # One unreadable end is enough said: the schema would add "enter both ends" beside it.
        for prefix in ("band", "posting"):
            if f"{prefix}_low_usd" in self._errors:
                data.pop(f"{prefix}_high_usd", None)
        return data
