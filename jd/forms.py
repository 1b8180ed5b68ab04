from dataclasses import dataclass

from django import forms

from hireplan.engine.answers import Degree, SkillId
from hireplan.wizard import StepForm

TEXT_MAX_CHARS = 20_000  # JDAnswers.jd_markdown's limit
SKILLS_MAX = 20  # JDAnswers.ranked_skills' limit

_FACT_TOO_LONG = "Keep this to one short fact, under 300 characters."


class FactBox(forms.Textarea):
    """One short fact's box: a one-row textarea that grows with the text (jd.css,
    `field-sizing`), because a text input cuts a long fact off at its edge. The fact stays one
    line: a line break typed or pasted into it is read as a space."""

    def __init__(self) -> None:
        super().__init__(attrs={"rows": 1, "autocomplete": "off", "class": "jd-fact"})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return " ".join(value.split()) if isinstance(value, str) else value


def _fact(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=300,
        help_text=help_text,
        widget=FactBox(),
        error_messages={"max_length": _FACT_TOO_LONG},
    )


def skill_id_for(text: str) -> str:
    """ "s2", "S2" or "Feature pipeline reasoning" → "S2"; anything else is the team's own words."""
    cleaned = " ".join(text.split())
    for skill in SkillId:
        if cleaned.casefold() in (skill.value.casefold(), skill.label.casefold()):
            return skill.value
    return cleaned


def skill_label(value: str) -> str:
    return SkillId(value).label if value in SkillId.__members__ else value


def too_long_message(text: str, purpose: str = "save") -> str:
    """What a job description over the limit is told, by the field."""
    size = f"{len(text):,} characters ({len(text.split()):,} words)"
    if purpose == "draft":
        return (
            f"The job description is {size}; the limit is {TEXT_MAX_CHARS:,}. Cut it down "
            "before drafting: the draft keeps the text it replaces under Earlier versions. "
            "Nothing was saved."
        )
    return (
        f"The job description is {size}; the limit is {TEXT_MAX_CHARS:,}. Cut it down "
        "before saving."
    )


class SkillListField(forms.Field):
    """The ranked skills, in order: one hidden input per skill, S1–S6 ids or custom words."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        return [skill_id_for(item) for item in values if item and item.strip()]


class JDForm(StepForm):
    """The job-description step. `purpose` says what the posted text is for:

    - "save": the text is the JD being saved, so it must be there and within the limit;
    - "preview": live advice while typing, where an empty text is not an error yet;
    - "draft": the draft replaces the text, so the posted one may be empty; it is kept in the
      history (`replaced_text`), so it must be within the limit like any stored text.
    """

    replaced_text = ""  # a draft's posted text, once validated: the view keeps it as a version

    model = _fact(
        "The model",
        "What the hire will own, as a noun: “the search ranking model”.",
    )
    serves = _fact(
        "What it serves, and for whom",
        "For example “orders listings for every shopper's search”.",
    )
    scale = _fact("Its scale", "For example “30 million queries a day”.")
    framework = _fact("Framework and version", "For example “PyTorch 2.5”.")
    serving_stack = _fact("Serving stack", "For example “Triton on GKE”.")
    retraining_cadence = _fact("Retraining cadence", "For example “nightly” or “every Monday”.")
    orchestrator = _fact("Orchestrator", "For example “Dagster”.")
    feature_store = _fact("Feature store", "For example “Feast”, or “hand-built in BigQuery”.")
    on_call_rotation = _fact(
        "On-call rotation", "For example “one week in six”, or “no on-call” if that is the truth."
    )
    pager_frequency = _fact(
        "How often the pager fires", "For example “two or three times a month”."
    )
    last_incident = _fact(
        "The last real incident",
        "One line: what broke and why, for example “a late upstream table left features stale”.",
    )
    ranked_skills = SkillListField(label="Skills, most important first", required=False)
    new_skill = forms.CharField(
        label="Add a skill",
        required=False,
        max_length=80,
        help_text="One of the six above that you removed, or the team's own words.",
        widget=forms.TextInput(attrs={"list": "jd-skill-names", "autocomplete": "off"}),
        error_messages={"max_length": "Keep a skill under 80 characters."},
    )
    years_experience = forms.IntegerField(
        label="Years of production experience",
        required=False,
        min_value=0,
        max_value=40,
        help_text="Leave empty to ask for none.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter a whole number of years, such as 5.",
            "min_value": "Years of experience run from 0 to 40.",
            "max_value": "Years of experience run from 0 to 40.",
        },
    )
    degree = forms.ChoiceField(
        label="Degree asked for",
        choices=Degree.choices(),
        widget=forms.RadioSelect,
        initial=Degree.NONE,
        help_text="Listed last in the JD, whatever you choose.",
        error_messages={"invalid_choice": "Choose one of the degrees listed."},
    )
    phd_required = forms.BooleanField(
        label="The PhD is a requirement, not a plus",
        required=False,
    )
    jd_markdown = forms.CharField(
        label="Job description",
        required=False,
        help_text=(
            "Markdown: # for headings, - for lists, **bold**. The JD check runs each "
            "time you pause typing."
        ),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", "class": "jd-editor"}),
    )

    # The opener facts share their section heading's sources (J1, J2); see the template.
    claims = {
        "ranked_skills": ["J4", "S1", "S6"],
        "degree": ["F3", "S8"],
        "phd_required": ["F3"],
        "jd_markdown": ["J1", "J3"],
    }

    def clean_jd_markdown(self) -> str:
        text = self.cleaned_data.get("jd_markdown") or ""
        if self.purpose == "save" and not text:
            raise forms.ValidationError(
                "The job description is empty. Use “Draft the JD” to write one from your "
                "answers, or paste your own."
            )
        if len(text) > TEXT_MAX_CHARS:
            raise forms.ValidationError(too_long_message(text, self.purpose))
        if self.purpose == "draft":
            self.replaced_text = text
            return ""  # the draft replaces it; the view keeps the posted text in the history
        return text

    def clean(self) -> dict:
        cleaned = super().clean()
        skills = list(cleaned.get("ranked_skills") or [])
        new = skill_id_for(cleaned.pop("new_skill", "") or "")
        if new:
            if new.casefold() in {skill.casefold() for skill in skills}:
                self.add_error("new_skill", f"“{skill_label(new)}” is already in the list.")
            else:
                skills.append(new)
        if len(skills) > SKILLS_MAX:
            self.add_error("ranked_skills", f"Rank at most {SKILLS_MAX} skills.")
        if "ranked_skills" in cleaned:
            cleaned["ranked_skills"] = skills
        return cleaned

    # ------------------------------------------------------------------ the skills list
    def skill_values(self) -> list[str]:
        """The ranked skills as the form shows them: what was posted, else the initial list."""
        if self.is_bound:
            raw = self.data.getlist("ranked_skills") if hasattr(self.data, "getlist") else []
            return SkillListField().to_python(raw)
        return list(self.initial.get("ranked_skills") or [])

    def skill_rows(self) -> list[dict]:
        values = self.skill_values()
        focus = getattr(self, "skill_focus", "")
        return [
            {
                "index": index,
                "value": value,
                "label": skill_label(value),
                "custom": value not in SkillId.__members__,
                "first": index == 0,
                "last": index == len(values) - 1,
                "focus_up": focus == f"up:{index}",
                "focus_down": focus == f"down:{index}",
            }
            for index, value in enumerate(values)
        ]

    def missing_skills(self) -> list[SkillId]:
        """The six skills not in the list, offered back in the "Add a skill" suggestions."""
        listed = set(self.skill_values())
        return [skill for skill in SkillId if skill.value not in listed]


@dataclass(frozen=True)
class SkillChange:
    skills: list[str]
    focus: str = ""  # the control to focus after the list is redrawn
    error: str = ""
    added: bool = False


def apply_skill_action(skills: list[str], action: str, new_skill: str = "") -> SkillChange:
    """One press of a skill's Up, Down or Remove button, or of Add: the list that results.

    `action` is "up:<index>", "down:<index>", "remove:<index>" or "add"; anything else leaves
    the list alone, so a stale or forged button can do no harm.
    """
    skills = list(skills)
    if action == "add":
        new = skill_id_for(new_skill)
        if not new:
            return SkillChange(skills, "new_skill", "Type a skill to add.")
        if len(new) > 80:
            return SkillChange(skills, "new_skill", "Keep a skill under 80 characters.")
        if new.casefold() in {skill.casefold() for skill in skills}:
            return SkillChange(skills, "new_skill", f"“{skill_label(new)}” is already in the list.")
        if len(skills) >= SKILLS_MAX:
            return SkillChange(skills, "new_skill", f"Rank at most {SKILLS_MAX} skills.")
        return SkillChange([*skills, new], "new_skill", added=True)
    verb, _, raw = action.partition(":")
    if not raw.isdigit() or not 0 <= int(raw) < len(skills):
        return SkillChange(skills)
    index = int(raw)
    if verb == "remove":
        del skills[index]
        return SkillChange(skills, "new_skill")
    target = index - 1 if verb == "up" else index + 1 if verb == "down" else -1
    if not 0 <= target < len(skills):
        return SkillChange(skills)
    skills[index], skills[target] = skills[target], skills[index]
    # Keep focus on the moved skill's button, or its other one once it reaches an end.
    at_end = target == 0 if verb == "up" else target == len(skills) - 1
    other = "down" if verb == "up" else "up"
    return SkillChange(skills, f"{other if at_end else verb}:{target}")
