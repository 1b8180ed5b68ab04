from hireplan.wizard import Step

LANE = Step(
    slug="lane",
    title="Lane and scope",
    summary="Which of the five kinds of ML engineer this is, and what six months must deliver.",
)
