"""Interview kits beside the views: the saved loop, the manager's own prompts and the PDFs.

What a kit says comes from the engine (`hireplan/engine/kits.py`). This module reads the saved
loop, lists the skills the manager may write a prompt for, stores those prompts as a save of the
loop step (version bumped, history recorded, refused on a locked plan or over a newer save),
and prints kits through the brief's pipeline (`hireplan.brief.stored_document`: the same safe
fetcher, one stored file per plan version, paper and document).
"""

from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from pydantic import ValidationError

from hireplan.branding import current_brand
from hireplan.brief import accent_of, stored_document, stylesheet
from hireplan.engine.answers import LoopAnswers
from hireplan.engine.answers.loop import skill_key
from hireplan.engine.kits import LoopKit, RoundKit, RoundNotFound, build_kit, kit_lines, round_kit
from hireplan.models import Brief, Engagement, User
from hireplan.reference import load_reference
from hireplan.wizard import StaleStep, lock_editable, write_step
from loops.steps import LOOP

KIT_STYLESHEET = "css/kit.css"
WHOLE_LOOP = "kit"  # the stored document of the whole loop; one round's is "kit-3"


def saved_loop(engagement: Engagement) -> LoopAnswers | None:
    """The loop as saved on the plan, or None while the loop step is not saved (or its stored
    answers no longer read, which the loop step itself then asks to fix)."""
    stored = engagement.answers.get(LOOP.slug)
    if stored is None:
        return None
    try:
        return LoopAnswers.model_validate(stored)
    except ValidationError:
        return None


def kit_round(loop: LoopAnswers, number: int) -> RoundKit | None:
    """One round's kit (1-based), or None for a number the loop has no round for."""
    try:
        return round_kit(loop, number)  # RoundNotFound for a number outside the loop
    except RoundNotFound:
        return None


@dataclass(frozen=True)
class PromptSkill:
    """A skill the manager may add their own prompt to: once per skill, whatever rounds test it."""

    key: str  # skill_key(skill): how the prompt is stored
    name: str
    rounds: tuple[int, ...]
    prompt: str


def prompt_skills(kit: LoopKit) -> list[PromptSkill]:
    """The skills of the loop's kits in the order the rounds first test them."""
    found: dict[str, PromptSkill] = {}
    for round_ in kit.rounds:
        for skill in round_.skills:
            key = skill_key(skill.skill)
            if key in found:
                seen = found[key]
                found[key] = PromptSkill(key, seen.name, (*seen.rounds, round_.number), seen.prompt)
            else:
                found[key] = PromptSkill(key, skill.name, (round_.number,), skill.own_prompt)
    return list(found.values())


def save_prompts(
    engagement: Engagement, prompts: dict[str, str], *, base_version: int, user: User | None
) -> Engagement:
    """Stores the manager's prompts in the saved loop as a save of the loop step: all or
    nothing, the version bumped and the change in the history. Raises PlanLocked when the plan
    left draft, StaleStep when the loop was saved after `base_version`, and pydantic's
    ValidationError when the prompts do not fit the loop's schema. The user's unsaved draft of
    the loop's rounds is left alone: saving prompts does not save those."""
    with transaction.atomic():
        locked = lock_editable(engagement)
        if locked.saved_at_version.get(LOOP.slug, 0) > base_version:
            raise StaleStep
        before = locked.answers.get(LOOP.slug)
        if before is None:
            raise StaleStep  # the loop is no longer saved
        answers = LoopAnswers.model_validate({**before, "kit_prompts": prompts})
        # The history compares like with like: the stored loop as its schema reads it, so
        # only the prompts show as changed (not defaults an older save left out).
        as_read = LoopAnswers.model_validate(before).model_dump(mode="json")
        write_step(locked, LOOP, answers.model_dump(mode="json"), before=as_read, user=user)
    return locked


# ----------------------------------------------------------------------------- printing
def _claims_used(rounds: tuple[RoundKit, ...]) -> list:
    """The catalogue entries behind the printed rounds, in the catalogue's order."""
    used = {claim for round_ in rounds for line in kit_lines(round_) for claim in line.claims}
    return [entry for entry in load_reference().claims.claims if entry.id in used]


def render_kit_html(engagement: Engagement, paper: str, number: int | None = None) -> str:
    """The printable kit: the whole loop, or the one round `number`; each round is its kit
    followed by its scorecard."""
    loop = saved_loop(engagement)
    if loop is None:
        raise ValueError("The loop step is not saved: there is no kit to print.")
    kit = build_kit(loop)
    if number is None:
        rounds = kit.rounds
    else:
        one = kit_round(loop, number)
        if one is None:
            raise ValueError(f"The loop has no round {number}.")
        rounds = (one,)
    brand = current_brand()
    return render_to_string(
        "loops/kit_pdf.html",
        {
            "engagement": engagement,
            "kit": kit,
            "rounds": rounds,
            "whole_loop": number is None,
            "total_minutes": sum(r.minutes for r in kit.rounds),
            "brand": brand,
            "accent": accent_of(brand),
            "paper": paper,
            "stylesheet": stylesheet(KIT_STYLESHEET),
            "generated_at": timezone.now(),
            "claims_used": _claims_used(rounds),
        },
    )


def document_name(number: int | None) -> str:
    return WHOLE_LOOP if number is None else f"{WHOLE_LOOP}-{number}"


def kit_filename(engagement: Engagement, paper: str, number: int | None = None) -> str:
    slug = slugify(f"{engagement.organization.name} {engagement.title}")[:80] or "plan"
    which = "" if number is None else f"-round-{number}"
    suffix = "-a4" if paper == Brief.Paper.A4 else ""
    return f"interview-kit-{slug}{which}-v{engagement.version}{suffix}.pdf"


def kit_pdf(engagement: Engagement, paper: str, user: User | None, number: int | None) -> Brief:
    """The stored kit of this version and paper (the whole loop, or round `number`), rendered
    on first request like the brief."""
    return stored_document(
        engagement,
        paper,
        user,
        document=document_name(number),
        render=lambda: render_kit_html(engagement, paper, number),
        name=kit_filename(engagement, paper, number),
    )
