"""The quick plan: a complete plan from the few answers that decide it (issue 22).

The form asks what only the hiring manager knows and what changes the advice (docs/engine.md,
"Quick plan"); every other answer is filled in from what the guide or the steps themselves can
justify (a step's `defaults` and `draft`, read through the step registry: the hub imports no
step app) and recorded in `Engagement.suggested` until a person saves the step.

Each asked field is the step form's own field (copied from the registry), so its label, choices,
limits and messages are the step's; each step's answers are then checked by the step's own form
and schema (`wizard.validate`), so the quick plan refuses what the step would refuse. Nothing is
created unless every step's answers are valid, and then all of them are saved in one
transaction.
"""

from copy import deepcopy
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.http import QueryDict

from hireplan.engine.answers import Lane
from hireplan.engine.answers.sourcing import DEFAULT_OUTREACH_SHARE_PCT
from hireplan.engine.plan import Severity
from hireplan.forms import YesNoField
from hireplan.models import Activity, Engagement, Membership, Organization, User
from hireplan.reference import load_reference
from hireplan.steps import all_steps, answer_steps, get_step
from hireplan.wizard import save_answers, validate

# The questions, step by step, in the order the page asks them: (step slug, answer name).
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("context", "role_title"),
    ("context", "company_stage"),
    ("context", "industry"),
    ("context", "ml_in_seat"),
    ("context", "first_ml_hire"),
    ("context", "llm_work"),
    ("lane", "primary_lane"),
    ("lane", "deliverable"),
    ("lane", "reliability_bar"),
    ("lane", "sla_percent"),
    ("comp", "level"),
    ("comp", "metro"),
    ("comp", "other_metro_name"),
    ("comp", "arrangement"),
    ("comp", "office_days"),
    ("sourcing", "target_start_date"),
    ("jd", "model"),
    ("jd", "serves"),
)
# Follow-up questions, asked only after one answer (and hidden by the stylesheet otherwise):
# name → (the answer it follows, the value that asks it, the note beside its label).
FOLLOW_UPS: dict[str, tuple[str, str, str]] = {
    "sla_percent": ("reliability_bar", "sla", "for an SLA"),
    "other_metro_name": ("metro", "other", "for another metro"),
    "office_days": ("arrangement", "hybrid", "for hybrid"),
}
# Shorter wording where the step's own help would make the one screen long.
HELP: dict[str, str] = {
    "deliverable": "The concrete first result, not the long-term vision.",
    "metro": "“No single metro” for a remote role on the national band.",
    "model": "What the hire will own, e.g. “the search ranking model”.",
}
# Questions shown as a drop-down here (radio cards on their own step): the page stays short.
AS_SELECT = {
    "primary_lane": "Choose a lane…",
    "ml_in_seat": "Choose one…",
    "llm_work": "Choose one…",
}
# Steps the quick plan fills through the step's own form: the asked answers and the suggested
# ones go in as a post would. The JD, the loop and the offer are written by their steps.
FORM_STEPS = ("context", "lane", "comp", "sourcing")
# The context step's answers the page does not ask, suggested at the schema's starting values.
CONTEXT_STARTING = ("openings", "regulated_setting", "hire_type")
# Hireplan's rule: until someone says the recruiter knows ML engineers, the plan assumes they
# do not (the slower of the two timelines, and T3's advice to bring in a partner stands).
RECRUITER_NETWORK_UNTIL_CONFIRMED = False
TOP_FINDINGS = 4  # on the quick page's live advice


# Where each step's suggested answers come from, shown with them wherever they are listed:
# (what Hireplan did, the claims behind it). docs/engine.md "Quick plan" gives the detail.
SUGGESTION_BASIS: dict[str, tuple[str, tuple[str, ...]]] = {
    "context": (
        "One opening, no regulated setting, and a direct hire, as the guide has the first ML hire.",
        ("F2",),
    ),
    "lane": (
        "The first kind of result the guide pairs with the lane; LLM work as on the context step.",
        ("L5", "L10"),
    ),
    "comp": ("Nothing posted yet, and no pay-transparency answer.", ()),
    "jd": (
        "The guide's six skills in its order, no degree, and a JD drafted from the plan's answers.",
        ("J4", "F3", "J1", "J2"),
    ),
    "loop": ("The guide's loop for the level, spread as it advises.", ("LP1", "LP2", "LP3")),
    "sourcing": (
        "Outreach at the guide's share. Hireplan's rule: the recruiter is taken to have no ML "
        "network until someone says so, which keeps the slower timeline.",
        ("SO1", "T3"),
    ),
    "offer": ("The guide's offer timings; the start date from the target.", ("O2", "C9")),
}


def asked(slug: str) -> tuple[str, ...]:
    return tuple(name for step, name in QUESTIONS if step == slug)


class QuickPlanForm(forms.Form):
    """The quick plan's questions: each one the step form's own field."""

    suggested: frozenset[str] = frozenset()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for slug, name in QUESTIONS:
            form_class = get_step(slug).form_class
            copied = deepcopy(form_class.base_fields[name])
            copied.claims = form_class.claims.get(name, [])
            if name in HELP:
                copied.help_text = HELP[name]
            elif name not in FOLLOW_UPS:
                copied.help_text = ""
            if name in AS_SELECT:
                copied.widget = forms.Select()
                copied.choices = [("", AS_SELECT[name]), *copied.choices]
            if name == "deliverable":
                copied.widget.attrs["rows"] = 2
            self.fields[name] = copied

    def needed_for(self, name: str) -> str:
        """The note beside a follow-up question's label ("for hybrid"), else ""."""
        return FOLLOW_UPS[name][2] if name in FOLLOW_UPS else ""


@dataclass
class QuickPlan:
    """What the quick form's answers make: each step's answers (JSON, as stored), the answers
    Hireplan filled in per step, and whether the plan is complete (every step valid)."""

    answers: dict[str, dict] = field(default_factory=dict)
    suggested: dict[str, list[str]] = field(default_factory=dict)
    complete: bool = False


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _suggested_values(slug: str, form: QuickPlanForm) -> dict:
    """What Hireplan fills in on a step it saves through the step's form (docs/engine.md)."""
    if slug == "context":
        # The schema's own starting values: one opening, not regulated, a direct hire (F2).
        starting = get_step(slug).schema.model_fields
        return {name: starting[name].default for name in CONTEXT_STARTING}
    if slug == "lane":
        # L5: the first kind of deliverable the guide fits to the chosen lane; the LLM work the
        # manager gave (the lane step carries it over from the context step the same way).
        lane = form.cleaned_data.get("primary_lane")
        record = next(r for r in load_reference().lanes.lanes if r.id == lane)
        return {
            "deliverable_kind": record.fits_deliverables[0].value,
            "llm_work": form.cleaned_data.get("llm_work"),
        }
    if slug == "sourcing":
        return {
            "recruiter_has_ml_network": RECRUITER_NETWORK_UNTIL_CONFIRMED,
            "outreach_share_pct": DEFAULT_OUTREACH_SHARE_PCT,  # SO1
        }
    return {}


def _as_post(slug: str, form: QuickPlanForm) -> QueryDict:
    """The step's post: the quick form's raw answers for the questions it asked, then the
    suggested values written as the step's fields read them."""
    step_fields = get_step(slug).form_class.base_fields
    post = QueryDict(mutable=True)
    for name in asked(slug):
        if name in form.data:
            post.setlist(name, form.data.getlist(name))
    for name, value in _suggested_values(slug, form).items():
        step_field = step_fields[name]
        if isinstance(step_field, forms.BooleanField):
            if value:
                post[name] = "on"
        elif isinstance(step_field, YesNoField) or isinstance(value, bool):
            post[name] = "yes" if value else "no"
        elif value is not None:
            post[name] = str(value)
    return post


def _step_answers(slug: str, form: QuickPlanForm) -> dict | None:
    """The step's answers (JSON) from the quick form, checked by the step's own form and
    schema; its problems on asked questions land beside them on the quick form."""
    step = get_step(slug)
    step_form = step.form_class(_as_post(slug, form))
    answers = validate(step, step_form)
    for name, errors in step_form.errors.items():
        target = name if name in asked(slug) else None
        for error in errors:
            if target is None:
                error = f"{step.title}: {error}"
            if error not in form.errors.get(target or forms.forms.NON_FIELD_ERRORS, []):
                form.add_error(target, error)
    return answers.model_dump(mode="json") if answers is not None else None


def _schema_dump(slug: str, data: dict) -> dict:
    return get_step(slug).schema.model_validate(data).model_dump(mode="json")


def build_quick_plan(form: QuickPlanForm) -> QuickPlan:
    """Every step's answers from the quick form (call it on a bound form). The steps the form
    fills are checked one by one, each only once its own questions read well; the JD, the
    loop and the offer follow from them. `complete` only when every step is valid; a partial
    result (for the live advice) holds the steps that are."""
    form.is_valid()
    result = QuickPlan()
    for slug in FORM_STEPS:
        if any(name in form.errors for name in asked(slug)):
            continue  # already explained beside the question
        if slug == "lane" and not form.cleaned_data.get("primary_lane"):
            continue
        answers = _step_answers(slug, form)
        if answers is not None:
            result.answers[slug] = answers
    if any(slug not in result.answers for slug in FORM_STEPS) or form.errors:
        return result
    answers = result.answers
    # The loop: the guide's template for the level (LP1–LP3), as the loop step drafts it.
    loop = get_step("loop")
    answers["loop"] = _schema_dump("loop", loop.draft(answers))
    # The offer: the offer step's starting plan (O2's timings, the start date carried over).
    offer = get_step("offer")
    answers["offer"] = _schema_dump("offer", offer.defaults(Engagement(answers=answers)))
    # The JD: the facts given, the skills in the guide's order (J4), the text drafted from
    # the whole plan by the JD step.
    jd = get_step("jd")
    facts = {name: form.cleaned_data.get(name) or "" for name in asked("jd")}
    jd_answers = {**jd.defaults(Engagement(answers=answers)), **facts}
    answers["jd"] = _schema_dump("jd", jd_answers)  # the draft reads the JD's own answers too
    answers["jd"] = _schema_dump("jd", {**jd_answers, **jd.draft(answers)})
    # In the wizard's order, each step's answers as its schema stores them.
    result.answers = {s.slug: answers[s.slug] for s in answer_steps() if s.slug in answers}
    result.suggested = {
        slug: [
            name
            for name, value in data.items()
            if name not in asked(slug) and not (slug == "lane" and name == "llm_work")
            if not _empty(value)
        ]
        for slug, data in result.answers.items()
    }
    result.suggested = {slug: names for slug, names in result.suggested.items() if names}
    result.complete = True
    return result


def create_quick_plan(user: User, organization: Organization, plan: QuickPlan) -> Engagement:
    """The plan, every step saved through the wizard (versions, history, each step's own hook:
    the JD's first version), and its suggested answers recorded: all or nothing."""
    assert plan.complete, "only a complete quick plan is saved"
    review = all_steps()[-1]
    with transaction.atomic():
        engagement = Engagement.objects.create(
            organization=organization,
            owner=user,
            title=plan.answers["context"]["role_title"],
            current_step=review.slug,
        )
        engagement.viewer_role = Membership.Role.HIRING_MANAGER
        Activity.objects.create(engagement=engagement, actor=user, kind=Activity.Kind.CREATED)
        for step in answer_steps():
            answers = step.schema.model_validate(plan.answers[step.slug])
            engagement = save_answers(
                engagement, step, answers, base_version=None, next_slug=review.slug, user=user
            )
        # After the saves: a save confirms its step's suggestions, and these are not yet.
        engagement.suggested = plan.suggested
        engagement.save(update_fields=["suggested"])
    return engagement


def chosen_lane(form: QuickPlanForm) -> Lane | None:
    """The lane picked so far, before the rest of the lane's answers read well."""
    value = form.cleaned_data.get("primary_lane") if hasattr(form, "cleaned_data") else None
    return Lane(value) if value else None


def top_findings(plan) -> list:
    """The quick page's advice: the most serious findings (the plan lists them most serious
    first), the good news left out."""
    return [f for f in plan.findings if f.severity != Severity.GOOD][:TOP_FINDINGS]
