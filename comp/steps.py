from hireplan.wizard import Step

COMP = Step(
    slug="comp",
    title="Compensation",
    summary="What the role pays by level, place and work arrangement.",
)
