from hireplan.wizard import Step

LOOP = Step(
    slug="loop",
    title="Interview loop",
    summary="Four or five rounds that test what the job description claims.",
)

SOURCING = Step(
    slug="sourcing",
    title="Sourcing and timeline",
    summary="Where the candidates are and how long the search will take.",
)

OFFER = Step(
    slug="offer",
    title="Offer",
    summary="An offer that closes: timing, base, equity and start date.",
)
