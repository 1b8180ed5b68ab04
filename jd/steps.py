from hireplan.models import Engagement
from hireplan.wizard import Step
from jd.draft import DEFAULT_SKILLS
from jd.forms import JDForm
from jd.schemas import JDAnswers


def _defaults(engagement: Engagement) -> dict:
    # Before the first save the skills stand in the guide's order (J4), ready to reorder.
    return {"ranked_skills": list(DEFAULT_SKILLS)}


JD = Step(
    slug="jd",
    title="Job description",
    summary="A posting the right people recognise, checked as you write.",
    form_class=JDForm,
    schema=JDAnswers,
    template_name="jd/jd_step.html",
    defaults=_defaults,
    post_view="jd.views.jd_save",
)
