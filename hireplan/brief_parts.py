"""What each step's app adds to the brief beyond the plan itself: charts and the rendered JD.

Each part is optional: a step that is not saved (or an app without the helper) adds nothing.
"""

from hireplan.engine import HiringPlan
from hireplan.models import Engagement


def sections(engagement: Engagement, plan: HiringPlan) -> dict:
    return {}
