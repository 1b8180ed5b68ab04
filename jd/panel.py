"""What the JD step's template shows beside the form: the check, the highlights, the preview
and the history. A thin adapter between the request's form and the pure modules.

The template asks for it with `{% jd_panel as panel %}` (jd/templatetags/jd_tags.py), so the
generic wizard views, which know nothing of the linter, render the step as fully as this app's
own views do.
"""

from functools import cached_property

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from hireplan.engine import HiringPlan, build_input
from hireplan.engine.answers import OPENER_FACTS
from hireplan.models import Engagement
from hireplan.plans import plan_for_answers_today
from hireplan.reference import load_reference
from jd.forms import JDForm
from jd.lint import LintContext, LintResult, lint, lint_context
from jd.models import JDDraft
from jd.render import mark_spans, render_markdown

HISTORY_SHOWN = 20

# The step's advice rules that read the JD's text (through JDAnswers.opener_states, as the
# check does). Shown only when they read the same text and facts as the check above.
TEXT_RULES = frozenset({"jd.opener_vague", "jd.opener_gaps", "jd.opener_complete"})


def _good_enough(score: int) -> str:
    # Colour bands of the score; Hireplan's own, like the points behind it.
    return "good" if score >= 85 else "risk" if score >= 60 else "blocker"


class Panel:
    # The guide's claims behind the opener's questions and behind the draft's shape.
    opener_claims = ("J1", "J2")
    draft_claims = ("J1", "J2", "J4", "L9", "C5")

    def __init__(
        self, engagement: Engagement, form: JDForm | None, plan: HiringPlan | None = None
    ) -> None:
        self.engagement = engagement
        self.plan = plan
        # A bound form with errors: the plan's advice is for the saved answers, not these.
        self.stale_advice = bool(form is not None and form.is_bound and form.errors)
        source = form.data if form is not None and form.is_bound else None
        initial = form.initial if form is not None else {}
        if source is not None:
            self.text = source.get("jd_markdown", "") or ""
            self.facts = {name: source.get(name, "") or "" for name in OPENER_FACTS}
        else:
            self.text = initial.get("jd_markdown", "") or ""
            self.facts = {name: initial.get(name, "") or "" for name in OPENER_FACTS}
        self.saved_text = (engagement.answers.get("jd") or {}).get("jd_markdown", "")

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())

    @property
    def unsaved(self) -> bool:
        return self.text.strip() != self.saved_text.strip()

    @cached_property
    def context(self) -> LintContext:
        inp = build_input(self.engagement.answers, today=timezone.localdate())
        # The band a posted range must reach (C5): the page's plan, else the saved answers'.
        plan = self.plan or plan_for_answers_today(self.engagement.answers)
        posting = plan.compensation.posting if plan.compensation is not None else None
        return lint_context(inp, load_reference(), self.facts, posting)

    @cached_property
    def result(self) -> LintResult | None:
        return lint(self.text, self.context) if self.has_text else None

    @property
    def band(self) -> str:
        return _good_enough(self.result.score) if self.result else ""

    @cached_property
    def cards(self) -> list[dict]:
        if self.result is None:
            return []
        return [
            {
                "finding": finding,
                "points": self.result.deductions[finding.id],
                "excerpts": self.result.excerpts(self.text, finding.id),
            }
            for finding in self.result.findings
        ]

    @cached_property
    def marked(self) -> SafeString:
        if self.result is None:
            return mark_safe("")
        titles = {finding.id: finding.title for finding in self.result.findings}
        return mark_safe(mark_spans(self.text, self.result.spans, titles))

    @cached_property
    def preview(self) -> SafeString:
        return mark_safe(render_markdown(self.text))

    def advice(self, findings: list) -> list:
        """The plan's findings for the step, less the one the check above already shows (an
        opener of pure aspiration, J3, is reported there with the sentence marked), and less
        the opener rules while the advice is for saved answers other than the text checked
        above (a form with errors): both read the opener's facts through the same function,
        so shown together they always agree."""
        covered = self.result is not None and self.result.marks_opener("jd.lint_aspiration")
        return [
            f
            for f in findings
            if not (covered and f.id == "jd.aspiration_opener")
            and not (self.stale_advice and f.id in TEXT_RULES)
        ]

    @cached_property
    def _recent_drafts(self) -> list[JDDraft]:
        # One more than is shown: it tells whether older ones exist without counting them.
        # Without their texts (up to 20,000 characters each): the list shows labels, dates and
        # stored word counts, and the database finds the version equal to the saved text.
        drafts = list(
            self.engagement.jd_drafts.select_related("created_by").defer("text")[
                : HISTORY_SHOWN + 1
            ]
        )
        saved = self.saved_text.strip()
        current = (
            self.engagement.jd_drafts.filter(pk__in=[d.pk for d in drafts], text=saved)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
            .first()
            if drafts and saved
            else None
        )
        for draft in drafts:
            draft.is_current = draft.pk == current
        return drafts

    @property
    def drafts(self) -> list[JDDraft]:
        return self._recent_drafts[:HISTORY_SHOWN]

    @cached_property
    def more_drafts(self) -> int:
        if len(self._recent_drafts) <= HISTORY_SHOWN:
            return 0
        return self.engagement.jd_drafts.count() - HISTORY_SHOWN


def panel_for(engagement: Engagement, form: JDForm | None, plan: HiringPlan | None = None) -> Panel:
    """The panel for this render, built once even when both the step and live partials ask."""
    cached = getattr(form, "_jd_panel", None)
    if cached is None:
        cached = Panel(engagement, form, plan)
        if form is not None:
            form._jd_panel = cached
    return cached
