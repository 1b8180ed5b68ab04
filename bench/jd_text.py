"""A long job description (about 1,500 words) for the JD live-check figure.

Written for the bench; it reads like a real posting, with headings, lists and a few phrases
the linter has opinions about, so the live check does its full work.
"""

SECTIONS = [
    (
        "About the team",
        [
            "We build the models that decide which listings a shopper sees first.",
            "The team is six engineers, one product manager and a data analyst.",
            "Our ranking service answers every search in under eighty milliseconds.",
            "You would own the retraining pipeline that keeps those models fresh.",
            "Most weeks you will pair with a backend engineer on serving code.",
        ],
    ),
    (
        "What you will do",
        [
            "Ship a new candidate-generation model to production in your first quarter.",
            "Design offline evaluations that predict what an online test will show.",
            "Cut the cost of nightly feature jobs without losing freshness.",
            "Write clear design notes and review the notes of your colleagues.",
            "Keep dashboards honest so that a drop in quality is noticed within an hour.",
            "Help the on-call rotation when a model misbehaves after a release.",
        ],
    ),
    (
        "What you bring",
        [
            "Several years of shipping models that real users depend on every day.",
            "Strong Python, solid SQL, and comfort reading code in a typed language.",
            "Experience with a feature store, a scheduler and a model registry.",
            "A habit of measuring before optimising and writing down what you learn.",
            "Enough statistics to distrust a result that looks too good.",
            "A rockstar attitude and the ability to wear many hats in a fast-paced world.",
        ],
    ),
    (
        "How we work",
        [
            "We plan in six-week cycles and keep one week free for cleanup.",
            "Everyone writes tests, and nobody merges on a red build.",
            "Meetings are short, written agendas are required, and notes are shared.",
            "We hire for the work in front of us and grow people into the next step.",
        ],
    ),
]


def long_jd(words: int = 1500) -> str:
    """Markdown of at least `words` words: the sections above, numbered rounds of them."""
    parts: list[str] = ["# Senior Machine Learning Engineer, Search Ranking", ""]
    count = 0
    round_ = 0
    while count < words:
        round_ += 1
        for heading, lines in SECTIONS:
            title = heading if round_ == 1 else f"{heading} (part {round_})"
            parts += [f"## {title}", ""]
            for line in lines:
                parts.append(f"- {line}")
                count += len(line.split())
            parts.append("")
            count += len(title.split())
            if count >= words:
                break
    return "\n".join(parts).strip() + "\n"
