from comp.forms import CompForm
from comp.schemas import CompAnswers
from comp.views import figures_context
from hireplan.wizard import Step

# No defaults: the level is the user's call (the F1 finding advises when it looks wrong), and
# nothing else carries over from the context step.
COMP = Step(
    slug="comp",
    title="Compensation",
    summary="What the role pays by level, place and work arrangement.",
    form_class=CompForm,
    schema=CompAnswers,
    template_name="comp/comp_step.html",
    # The band, chart, placement, posting and benchmarks for the plan being shown.
    extra_context=lambda engagement, plan, form: figures_context(plan),
)
