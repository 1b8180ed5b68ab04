"""The loop editor's view; the generic wizard views serve the steps, previews and saves.

Opening or closing a round, adding, removing, reordering or restoring rounds posts the whole
form here. Nothing is saved: the rounds come back rearranged with everything typed so far (a
closed round carries its values in hidden inputs), and only "Save and continue" stores them.
Without JavaScript the buttons post with `formaction` and get the whole page; with htmx they
swap the form and its live panel (the step's `work` partial).
"""

from django.http import HttpResponse, QueryDict
from django.views.decorators.http import require_POST

from hireplan import access
from hireplan.access import AuthenticatedRequest
from hireplan.engine.answers import LOOP_ROUNDS_MAX
from hireplan.reference import load_reference
from hireplan.wizard import (
    locked_response,
    render_page,
    render_partial,
    step_context,
    validate,
    wants_partial,
)
from loops.forms import LoopForm
from loops.loop import ROUND_FIELDS, edit_rounds, template_answers
from loops.steps import LOOP, level_of

PREFIX = "rounds"


def posted_rounds(data: QueryDict) -> list[dict]:
    """The rounds exactly as posted (raw strings), however many the form says it holds."""
    try:
        total = int(data.get(f"{PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    rows = []
    for index in range(max(0, min(total, LOOP_ROUNDS_MAX))):
        key = f"{PREFIX}-{index}-"
        row = {name: data.get(key + name, "") for name in ROUND_FIELDS}
        row["skills_tested"] = data.getlist(key + "skills_tested")
        rows.append(row)
    return rows


def as_post(data: QueryDict, rounds: list[dict]) -> QueryDict:
    """The form's data with the rounds renumbered, as the browser would post them."""
    rebuilt = QueryDict(mutable=True)
    for name in ("version", "spread", "spread_days"):
        if name in data:
            rebuilt[name] = data[name]
    rebuilt[f"{PREFIX}-TOTAL_FORMS"] = str(len(rounds))
    rebuilt[f"{PREFIX}-INITIAL_FORMS"] = "0"
    for index, row in enumerate(rounds):
        for name in ROUND_FIELDS:
            rebuilt[f"{PREFIX}-{index}-{name}"] = str(row.get(name, ""))
        rebuilt.setlist(f"{PREFIX}-{index}-skills_tested", list(row.get("skills_tested") or []))
    return rebuilt


@require_POST
def loop_edit(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    if not access.can_edit(engagement):
        return locked_response(request, engagement, LOOP)

    template = template_answers(load_reference(), level_of(engagement.answers))["rounds"]
    edit = edit_rounds(
        posted_rounds(request.POST),
        request.POST.get("edit", ""),
        template=template,
        limit=LOOP_ROUNDS_MAX,
    )
    data = as_post(request.POST, edit.rounds)
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
