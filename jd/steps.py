from hireplan.wizard import Step

JD = Step(
    slug="jd",
    title="Job description",
    summary="A posting the right people recognise, checked as you write.",
)
