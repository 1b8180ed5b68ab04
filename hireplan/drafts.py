"""Drafts: what a user typed on a step and has not saved yet, kept on the server.

A draft is the step's form as it was last posted, sent while the user types (debounced, by
htmx) and when they leave the page (app.js). It is not the step's answers: nothing validates
it for keeps, the plan's version does not move, and "Save and continue" still validates and
checks the version the form was loaded at (the draft carries that version with it, so a draft
restored after someone else saved is refused as stale like any other late save).

Drafts are per user and step, and the new-plan page (before the plan exists) has one per user.
Saving the step or discarding the draft deletes it. The size of one is bounded by what Django
accepts in one request (DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS).
"""

from django.forms import BaseFormSet, Form
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone

from hireplan.engine.text import day
from hireplan.models import Activity, Engagement, StepDraft, User
from hireplan.steps import Step

# Posted keys that are how the form travels, not what the user typed.
NOT_TYPED = frozenset({"csrfmiddlewaretoken"})


def find(engagement: Engagement | None, user: User, step: Step) -> StepDraft | None:
    """The user's draft of this step (of the new-plan page when `engagement` is None)."""
    return StepDraft.objects.filter(engagement=engagement, user=user, step=step.slug).first()


def superseded(engagement: Engagement | None, user: User, step: Step, posted: QueryDict) -> bool:
    """True when the user has saved this step since the posted form was loaded: a draft request
    still on its way when the save landed must not bring back what the save just stored."""
    if engagement is None:
        return False
    try:
        base = int(posted.get("version") or 0)
    except ValueError:
        return False
    if engagement.saved_at_version.get(step.slug, 0) <= base:
        return False
    return engagement.activities.filter(
        kind=Activity.Kind.STEP_SAVED, step=step.slug, version__gt=base, actor=user
    ).exists()


def keep(engagement: Engagement | None, user: User, step: Step, posted: QueryDict) -> StepDraft:
    """Stores the posted form as the user's draft of the step, replacing the one before."""
    data = {
        _storable(key): [_storable(value) for value in posted.getlist(key)]
        for key in posted
        if key not in NOT_TYPED
    }
    draft, _ = StepDraft.objects.update_or_create(
        engagement=engagement, user=user, step=step.slug, defaults={"data": data}
    )
    return draft


def _storable(text: str) -> str:
    # PostgreSQL's JSON cannot hold a NUL character, and nobody types one: a pasted or forged
    # NUL is dropped from the draft (the save itself refuses it, next to its field).
    return text.replace("\x00", "")


def discard(engagement: Engagement | None, user: User, step: Step) -> bool:
    """Deletes the user's draft of the step; True if there was one."""
    deleted, _ = StepDraft.objects.filter(engagement=engagement, user=user, step=step.slug).delete()
    return bool(deleted)


def as_post(draft: StepDraft) -> QueryDict:
    """The draft as the form would have posted it."""
    posted = QueryDict(mutable=True)
    for key, values in draft.data.items():
        posted.setlist(str(key), [str(value) for value in values])
    return posted


def quieted(form: Form) -> Form:
    """The form, bound to a restored draft, with its errors kept out of sight.

    A draft is work in progress: a question the user has not reached yet is not a mistake, so
    none is marked until they save. The form is cleaned first (the step's advice and template
    may read its values) and then its errors, and those of the formsets it holds (the loop's
    rounds, the offer's grants), are emptied."""
    form.full_clean()
    form._errors = ErrorDict()
    for value in vars(form).values():
        if isinstance(value, BaseFormSet):
            value.full_clean()
            value._non_form_errors = value.error_class()
            value._errors = [ErrorDict() for _ in value.forms]
            for row in value.forms:
                row._errors = ErrorDict()
    return form


def invalid_names(form: Form) -> list[str]:
    """The posted names of the fields that still have an error, the formsets' rows included:
    the page clears the marks of every other field the user has fixed (app.js)."""
    names = [form.add_prefix(name) for name in form.errors if name in form.fields]
    for value in vars(form).values():
        if isinstance(value, BaseFormSet):
            for row in value.forms:
                names += [row.add_prefix(name) for name in row.errors if name in row.fields]
    return names


def kept_at_label(draft: StepDraft) -> str:
    """When the draft was last kept, for its notice: the time today, else the day and time."""
    when = timezone.localtime(draft.updated_at)
    if when.date() == timezone.localdate():
        return f"{when:%H:%M}"
    return f"{day(when.date())}, {when:%H:%M}"  # the one date format: "4 Jan 2027"
