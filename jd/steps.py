"""The job-description step: a posting the right people recognise, checked as you write."""

from django.utils import timezone
from pydantic import BaseModel

from hireplan.engine import HiringPlan, build_input
from hireplan.engine.answers import Degree, JDAnswers, SkillId
from hireplan.models import Engagement, User
from hireplan.reference import load_reference
from hireplan.steps import Step
from hireplan.summary import Answer, Summary, choice, choices, count, words, yes_no
from jd.draft import DEFAULT_SKILLS, draft_jd
from jd.forms import JDForm
from jd.models import JDDraft
from jd.render import render_markdown


def _defaults(engagement: Engagement) -> dict:
    # Before the first save the skills stand in the guide's order (J4), ready to reorder.
    return {"ranked_skills": list(DEFAULT_SKILLS)}


def _draft(answers: dict) -> dict:
    """The JD written from the plan's answers (jd/draft.py)."""
    inp = build_input(answers, today=timezone.localdate())
    return {"jd_markdown": draft_jd(inp, load_reference())}


def _keep_version(engagement: Engagement, answers: BaseModel, user: User | None) -> None:
    """Every saved text joins the JD's history (a save, a draft or a restore: those two record
    their own label first, and an unchanged text is not recorded twice)."""
    assert isinstance(answers, JDAnswers)
    JDDraft.objects.record(engagement, answers.jd_markdown, user, "Edited")


def _first_version(source: Engagement, copy: Engagement, user: User) -> None:
    """A copied plan carries the JD text in its answers; its history starts with that text
    alone. The source's earlier versions stay the source's, like its comments and history."""
    text = (copy.answers.get("jd") or {}).get("jd_markdown")
    if isinstance(text, str):
        JDDraft.objects.record(copy, text, user, "Copied from another plan")


def _brief(engagement: Engagement, plan: HiringPlan) -> dict | None:
    if "jd" not in plan.steps_saved:
        return None
    text = engagement.answers["jd"].get("jd_markdown")
    if not text:
        return {"html": ""}
    return {"html": render_markdown(text), "words": len(text.split())}


JD = Step(
    slug="jd",
    title="Job description",
    lead="A posting the right people recognise, checked as you write.",
    position=40,
    form_class=JDForm,
    template_name="jd/jd_step.html",
    defaults=_defaults,
    draft=_draft,
    on_save=_keep_version,
    on_copy=_first_version,
    summary=Summary(
        Answer("model", "The model"),
        Answer("serves", "What it serves"),
        Answer("scale", "Scale"),
        Answer("framework", "Framework"),
        Answer("serving_stack", "Serving stack"),
        Answer("retraining_cadence", "Retraining"),
        Answer("orchestrator", "Orchestrator"),
        Answer("feature_store", "Feature store"),
        Answer("on_call_rotation", "On call"),
        Answer("pager_frequency", "Pager"),
        Answer("last_incident", "Last incident"),
        Answer("ranked_skills", "Skills, most important first", choices(SkillId)),
        Answer("years_experience", "Experience asked for", count("year")),
        Answer("degree", "Degree asked for", choice(Degree)),
        Answer(
            "phd_required",
            "PhD required, not a plus",
            yes_no,
            when=lambda a: a.get("degree") == Degree.PHD,
        ),
        Answer("jd_markdown", "Job description", words),
    ),
    brief_template="jd/brief.html",
    brief_context=_brief,
)
