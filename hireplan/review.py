"""The review step: the whole plan on one page before it goes to the recruiter."""

from hireplan.wizard import Step

REVIEW = Step(
    slug="review",
    title="Review",
    summary="The whole plan, its findings, and sending it to the recruiter.",
)
