"""The loop editor's view; the generic wizard views serve the steps, previews and saves.

Opening or closing a round, adding, removing, reordering or restoring rounds posts the whole
form here. Nothing is saved: the rounds come back rearranged with everything typed so far (a
closed round carries its values in hidden inputs), and only "Save and continue" stores them.
Without JavaScript the buttons post with `formaction` and get the whole page; with htmx they
swap the form and its live panel (the step's `work` partial).
"""

import logging

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from pydantic import ValidationError

from hireplan import access, drafts
from hireplan.access import AuthenticatedRequest
from hireplan.brief_views import download, paper_asked
from hireplan.engine.answers import COMPETING_OFFERS_MAX, CURRENT_GRANTS_MAX, LOOP_ROUNDS_MAX
from hireplan.engine.kits import build_kit
from hireplan.forms import StepForm
from hireplan.models import Engagement, Membership
from hireplan.reference import load_reference
from hireplan.steps import Step
from hireplan.wizard import (
    LOCKED_NOTHING_SAVED,
    PlanLocked,
    StaleStep,
    locked_response,
    render_page,
    render_partial,
    step_context,
    validate,
    wants_partial,
)
from loops import kits
from loops.forms import (
    ROWS_NOT_INTACT,
    CompetingForm,
    GrantForm,
    KitPromptsForm,
    LoopForm,
    OfferForm,
    counts_intact,
)
from loops.loop import ROUND_FIELDS, edit_rounds, template_answers
from loops.steps import LOOP, OFFER, level_of

log = logging.getLogger(__name__)

PREFIX = "rounds"


def read_rows(
    data: QueryDict, prefix: str, fields: tuple[str, ...], limit: int, lists: tuple[str, ...] = ()
) -> list[dict]:
    """A formset's rows exactly as posted (raw strings; `lists` hold several values), never
    more than `limit` however many the form says it holds. The views refuse a post whose counts
    are out of range first (`counts_intact`); the clamp here is only a second guard."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    rows = []
    for index in range(max(0, min(total, limit))):
        key = f"{prefix}-{index}-"
        row = {name: data.get(key + name, "") for name in fields}
        row |= {name: data.getlist(key + name) for name in lists}
        rows.append(row)
    return rows


def write_rows(rebuilt: QueryDict, prefix: str, rows: list[dict], fields: tuple[str, ...],
               lists: tuple[str, ...] = ()) -> None:  # fmt: skip
    """Puts rows into `rebuilt` numbered from 0, as the browser would post them."""
    rebuilt[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    rebuilt[f"{prefix}-INITIAL_FORMS"] = "0"
    for index, row in enumerate(rows):
        for name in fields:
            rebuilt[f"{prefix}-{index}-{name}"] = str(row.get(name, ""))
        for name in lists:
            rebuilt.setlist(f"{prefix}-{index}-{name}", list(row.get(name) or []))


def posted_rounds(data: QueryDict) -> list[dict]:
    return read_rows(data, PREFIX, ROUND_FIELDS, LOOP_ROUNDS_MAX, lists=("skills_tested",))


def as_post(data: QueryDict, rounds: list[dict]) -> QueryDict:
    """The form's data with the rounds renumbered, as the browser would post them."""
    rebuilt = QueryDict(mutable=True)
    for name in ("version", "spread", "spread_days"):
        if name in data:
            rebuilt[name] = data[name]
    write_rows(rebuilt, PREFIX, rounds, ROUND_FIELDS, lists=("skills_tested",))
    return rebuilt


def rows_not_intact(
    request: AuthenticatedRequest, engagement: Engagement, step: Step, form: StepForm
) -> HttpResponse:
    """An editor's answer to a post whose row counts are out of range (-1, 10**9, "abc"):
    the form as posted, with the form-level message the save gives, and nothing changed."""
    validate(step, form)  # adds "…did not arrive intact…" on top of the form
    context = step_context(
        engagement,
        step,
        form,
        editable=True,
        previewing=True,
        preview_incomplete=True,
        edit_status=ROWS_NOT_INTACT,
    )
    partial = "loops/edit_response.html" if step is LOOP else "loops/offer_edit_response.html"
    if wants_partial(request):
        return render_partial(request, partial, context)
    return render_page(request, step.template_name, context)


@require_POST
def loop_edit(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    if not access.can_edit(engagement):
        return locked_response(request, engagement, LOOP)

    if not counts_intact(request.POST, PREFIX, LOOP_ROUNDS_MAX):
        return rows_not_intact(request, engagement, LOOP, LoopForm(request.POST))
    template = template_answers(load_reference(), level_of(engagement.answers))["rounds"]
    edit = edit_rounds(
        posted_rounds(request.POST),
        request.POST.get("edit", ""),
        template=template,
        limit=LOOP_ROUNDS_MAX,
    )
    data = as_post(request.POST, edit.rounds)
    drafts.keep(engagement, request.user, LOOP, data)  # a round added or moved is typed work too
    # The live advice follows the edited rounds when they are complete; nothing is saved.
    answers = validate(LOOP, LoopForm(data))
    form = LoopForm(
        initial={
            "version": data.get("version") or engagement.version,
            "spread": data.get("spread") or None,
            "spread_days": data.get("spread_days") or None,
            "rounds": edit.rounds,
        }
    )
    if edit.open_row is not None:
        form.rounds.forms[edit.open_row].is_open = True
    if edit.focus_row is not None:
        row = form.rounds.forms[edit.focus_row]
        if edit.focus == "title":
            row.fields["title"].widget.attrs["autofocus"] = True
        else:
            row.focus_button = edit.focus
    context = step_context(
        engagement,
        LOOP,
        form,
        editable=True,
        answers=answers,
        previewing=True,
        preview_incomplete=answers is None,
        edit_status=edit.message,
        focus_add=edit.focus == "add" and edit.focus_row is None and bool(edit.message),
    )
    if wants_partial(request):
        return render_partial(request, "loops/edit_response.html", context)
    return render_page(request, LOOP.template_name, context)


# ----------------------------------------------------------------------------- offer step
# The offer step's repeating rows: (formset prefix, row fields, most rows, name for messages).
OFFER_ROWS = {
    "grants": (tuple(GrantForm.base_fields), CURRENT_GRANTS_MAX, "grant"),
    "competing": (tuple(CompetingForm.base_fields), COMPETING_OFFERS_MAX, "offer"),
}


def posted_rows(data: QueryDict, prefix: str) -> list[dict]:
    fields, limit, _ = OFFER_ROWS[prefix]
    return read_rows(data, prefix, fields, limit)


def edit_offer_rows(rows: dict[str, list[dict]], edit: str) -> tuple[str, str | None]:
    """Applies "add-grants", "remove-competing-1" and the like; returns the announcement and
    the id of the control to focus afterwards."""
    action, _, rest = edit.partition("-")
    prefix, _, index = rest.partition("-")
    if prefix not in OFFER_ROWS:
        return "", None
    fields, limit, noun = OFFER_ROWS[prefix]
    current = rows[prefix]
    if action == "add" and len(current) < limit:
        current.append(dict.fromkeys(fields, ""))
        row = len(current) - 1
        return f"{noun.capitalize()} {row + 1} added.", f"id_{prefix}-{row}-{fields[0]}"
    if action == "remove" and index.isdigit() and int(index) < len(current):
        del current[int(index)]
        return f"{noun.capitalize()} {int(index) + 1} removed.", f"add-{prefix}"
    return "", None


def rows_as_post(data: QueryDict, rows: dict[str, list[dict]]) -> QueryDict:
    """The form's data with the rows renumbered, as the browser would post them."""
    rebuilt = QueryDict(mutable=True)
    for name in OfferForm.base_fields:
        if name in data:
            rebuilt[name] = data[name]
    for prefix, items in rows.items():
        write_rows(rebuilt, prefix, items, OFFER_ROWS[prefix][0])
    return rebuilt


@require_POST
def offer_edit(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Adds or removes a current grant or a competing offer in place; nothing is saved."""
    engagement = access.get_engagement(request.user, engagement_id)
    if not access.can_edit(engagement):
        return locked_response(request, engagement, OFFER)

    if not all(counts_intact(request.POST, p, OFFER_ROWS[p][1]) for p in OFFER_ROWS):
        return rows_not_intact(request, engagement, OFFER, OfferForm(request.POST))
    rows = {prefix: posted_rows(request.POST, prefix) for prefix in OFFER_ROWS}
    message, focus = edit_offer_rows(rows, request.POST.get("edit", ""))
    data = rows_as_post(request.POST, rows)
    drafts.keep(engagement, request.user, OFFER, data)  # a row added or removed is work too
    # The live advice follows the edited rows when the whole form is sound.
    answers = validate(OFFER, OfferForm(data))
    initial = {name: data.get(name) for name in OfferForm.base_fields if name in data}
    initial["version"] = data.get("version") or engagement.version
    initial["current_grants"] = rows["grants"]
    initial["competing_offers"] = rows["competing"]
    form = OfferForm(initial=initial)
    focus_add = None
    if focus and focus.startswith("id_"):
        prefix, index, name = focus.removeprefix("id_").split("-")
        formset = form.grants if prefix == "grants" else form.competing
        formset.forms[int(index)].fields[name].widget.attrs["autofocus"] = True
    else:
        focus_add = focus
    context = step_context(
        engagement,
        OFFER,
        form,
        editable=True,
        answers=answers,
        previewing=True,
        preview_incomplete=answers is None,
        edit_status=message,
        focus_add=focus_add,
    )
    if wants_partial(request):
        return render_partial(request, "loops/offer_edit_response.html", context)
    return render_page(request, OFFER.template_name, context)


# ----------------------------------------------------------------------------- interview kits
# Every round's kit (what to ask, what strong and weak answers sound like, what is no evidence)
# as a page, read-only for the recruiter, with the hiring manager's own prompt per skill; and
# the same kits printed with a scorecard per round, for the whole loop or one round.
PROMPTS_SAVED = "Your prompts are saved; the kits and their PDFs now carry them."
PROMPTS_STALE = (
    "Someone saved the interview loop while you were writing, so nothing was saved yet. Your "
    "prompts are still here: check them against the rounds below and save again."
)
LOOP_NOT_SAVED = "Save the interview loop first: the kits are made from its rounds."


def locked_message(engagement: Engagement) -> str:
    return LOCKED_NOTHING_SAVED.format(status=engagement.get_status_display().lower())


def kit_page(
    request: AuthenticatedRequest,
    engagement: Engagement,
    *,
    number: int | None = None,
    form: KitPromptsForm | None = None,
    status: int = 200,
    pdf_failed: bool = False,
) -> HttpResponse:
    """The kits of the whole loop (or of round `number`), and for an editor the prompts form."""
    editable = access.can_edit(engagement)
    loop = kits.saved_loop(engagement)
    kit = build_kit(loop) if loop is not None else None
    rounds: tuple = ()
    if loop is not None and kit is not None:
        if number is None:
            rounds = kit.rounds
        else:
            one = kits.kit_round(loop, number)
            if one is None:
                raise Http404("The loop has no round with this number.")
            rounds = (one,)
        if editable and form is None:
            form = KitPromptsForm(
                skills=kits.prompt_skills(kit), initial={"version": engagement.version}
            )
    context = step_context(
        engagement,
        LOOP,
        None,
        editable=editable,
        kit=kit,
        rounds=rounds,
        number=number,
        prompts_form=form if editable else None,
        pdf_failed=pdf_failed,
    )
    return render_page(request, "loops/kit.html", context, status=status)


@require_GET
def loop_kit(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    return kit_page(request, engagement)


@require_GET
def round_kit(request: AuthenticatedRequest, engagement_id: int, number: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    return kit_page(request, engagement, number=number)


def kit_download(
    request: AuthenticatedRequest, engagement_id: int, number: int | None
) -> HttpResponse:
    """The stored PDF of the kits of this version and paper, made on first request."""
    engagement = access.get_engagement(request.user, engagement_id)
    loop = kits.saved_loop(engagement)
    if loop is None:
        messages.info(request, LOOP_NOT_SAVED)
        return redirect("loop_kit", engagement.pk)
    if number is not None and kits.kit_round(loop, number) is None:
        raise Http404("The loop has no round with this number.")
    try:
        stored = kits.kit_pdf(engagement, paper_asked(request), request.user, number)
    except Exception:
        # A broken render must not cost the user their page: say so, change nothing.
        log.exception("Rendering the interview kit of engagement %s failed", engagement.pk)
        return kit_page(request, engagement, number=number, status=500, pdf_failed=True)
    return download(stored)


@require_GET
def loop_kit_pdf(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    return kit_download(request, engagement_id, None)


@require_GET
def round_kit_pdf(request: AuthenticatedRequest, engagement_id: int, number: int) -> HttpResponse:
    return kit_download(request, engagement_id, number)


def _prompt_errors(form: KitPromptsForm, exc: ValidationError) -> None:
    """The schema's word on the prompts: beside the skill's box when it names one."""
    boxes = {skill.key: f"prompt_{index}" for index, skill in enumerate(form.skills)}
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        where = next((boxes[str(part)] for part in error["loc"] if str(part) in boxes), None)
        form.add_error(where, message)


@require_POST
def kit_prompts(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Saves the hiring manager's own prompts per skill (PRG); bad input saves nothing and
    comes back with the message beside its box and everything typed kept."""
    engagement = access.get_engagement(request.user, engagement_id)
    if not access.can_edit(engagement):
        if engagement.viewer_role != Membership.Role.HIRING_MANAGER:
            return locked_response(request, engagement, LOOP)  # a recruiter: 403
        messages.error(request, locked_message(engagement))
        return redirect("loop_kit", engagement.pk)
    loop = kits.saved_loop(engagement)
    if loop is None:
        messages.error(request, LOOP_NOT_SAVED)
        return redirect(LOOP.url(engagement))
    form = KitPromptsForm(request.POST, skills=kits.prompt_skills(build_kit(loop)))
    if form.is_valid():
        try:
            kits.save_prompts(
                engagement,
                form.prompts(dict(loop.kit_prompts)),
                base_version=form.cleaned_data["version"],
                user=request.user,
            )
        except PlanLocked:
            engagement.refresh_from_db()
            messages.error(request, locked_message(engagement))
            return redirect("loop_kit", engagement.pk)
        except StaleStep:
            engagement = access.get_engagement(request.user, engagement_id)
            data = request.POST.copy()
            data["version"] = str(engagement.version)  # saving again now keeps these prompts
            form = KitPromptsForm(data, skills=form.skills)
            form.is_valid()
            form.add_error(None, PROMPTS_STALE)
        except ValidationError as exc:
            _prompt_errors(form, exc)
        else:
            messages.success(request, PROMPTS_SAVED)
            return redirect(reverse("loop_kit", args=[engagement.pk]) + "#prompts")
    return kit_page(request, engagement, form=form)
