"""The job-description step's own views. The generic step views show it, save it (the step's
`on_save` keeps the text's history) and preview it (the live check); these draft it from the
answers, reorder the skills, compare an earlier version with the current text, restore it, and
download the JD.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pydantic import ValidationError

from hireplan import access
from hireplan.access import AuthenticatedRequest
from hireplan.engine import build_input
from hireplan.engine.answers import JDAnswers
from hireplan.models import Engagement
from hireplan.plans import plan_for
from hireplan.reference import load_reference
from hireplan.wizard import (
    PlanLocked,
    StaleStep,
    back_to_step,
    initial_for,
    lock_editable,
    locked_response,
    render_page,
    render_partial,
    restarted_form,
    save_answers,
    step_context,
    validate,
)
from jd.diff import diff_rows
from jd.forms import TEXT_MAX_CHARS, JDForm, SkillListField, apply_skill_action, too_long_message
from jd.models import JDDraft
from jd.posting import JobPosting, Refusal, build_posting
from jd.render import render_plain
from jd.steps import JD

TEMPLATE = JD.template_name
DRAFTED = "Drafted the JD from your answers. Any text it replaced is kept under Earlier versions."


def _base(form: JDForm) -> int | None:
    """The engagement version the user's form was loaded at (None: not sent, no check)."""
    return form.cleaned_data.get("version")


def _render_step(request: HttpRequest, engagement: Engagement, form: JDForm, **extra):
    context = step_context(engagement, JD, form, editable=access.can_edit(engagement), **extra)
    return render_page(request, TEMPLATE, context)


@require_POST
def jd_draft(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Writes the JD from the answers on the form and saves it; the step stays open to edit."""
    engagement = access.get_engagement(request.user, engagement_id)
    if not access.can_edit(engagement):
        return locked_response(request, engagement, JD)
    form = JDForm(request.POST, purpose="draft")
    answers = validate(JD, form)  # the posted text too: it is kept, so it keeps to its limit
    if answers is None:
        return _render_step(request, engagement, form)
    merged = {**engagement.answers, JD.slug: answers.model_dump(mode="json")}
    text = JD.draft(merged)["jd_markdown"]
    try:
        drafted = JDAnswers.model_validate({**answers.model_dump(), "jd_markdown": text})
    except ValidationError:
        form.add_error("jd_markdown", too_long_message(text, "draft"))
        return _render_step(request, engagement, form)
    try:
        with transaction.atomic():
            # The plan's row first: a plan submitted meanwhile gets nothing, not even history.
            lock_editable(engagement)
            # Whatever the editor held is kept first, so redrafting never loses an edit; the
            # draft is recorded under its own label before the save would call it an edit.
            JDDraft.objects.record(engagement, form.replaced_text, request.user, "Edited")
            JDDraft.objects.record(engagement, text, request.user, "Drafted")
            engagement = save_answers(
                engagement,
                JD,
                drafted,
                base_version=_base(form),
                next_slug=engagement.current_step,
                user=request.user,
            )
    except PlanLocked:
        return _lost_to_a_lock(request, engagement)
    except StaleStep:
        engagement.refresh_from_db()
        restarted = restarted_form(JD, request.POST, engagement, _base(form) or 0)
        return _render_step(request, engagement, restarted)
    if not request.htmx:
        messages.success(request, DRAFTED)
        return redirect(JD.url(engagement))
    fresh = JDForm(initial=initial_for(JD, engagement))
    return _render_step(request, engagement, fresh, notice=DRAFTED, focus_after="id_jd_markdown")


def _lost_to_a_lock(request: HttpRequest, engagement: Engagement) -> HttpResponse:
    """A save that found the plan locked once it held the row: answered as any change to a
    locked plan is, with the status as it is now."""
    engagement.refresh_from_db()
    return locked_response(request, engagement, JD)


def _form_showing(data, skills: list[str], *, clear_new: bool, focus: str) -> JDForm:
    """An unbound form showing the posted answers with the reordered skills: no errors yet."""
    initial = {name: data.get(name, "") for name in JDForm.base_fields if name != "ranked_skills"}
    initial["phd_required"] = data.get("phd_required") in ("on", "true", "True", "1")
    initial["ranked_skills"] = skills
    if clear_new:
        initial["new_skill"] = ""
    form = JDForm(initial=initial)
    form.skill_focus = focus
    return form


@require_http_methods(["GET", "POST"])
def jd_skills(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Moves, removes or adds a ranked skill. Saves nothing: the list is saved with the step."""
    engagement = access.get_engagement(request.user, engagement_id)
    if request.method == "GET":
        return redirect(JD.url(engagement))
    if not access.can_edit(engagement):
        return locked_response(request, engagement, JD)
    skills = SkillListField().to_python(request.POST.getlist("ranked_skills"))
    change = apply_skill_action(
        skills, request.POST.get("skill_action", ""), request.POST.get("new_skill", "")
    )
    form = _form_showing(request.POST, change.skills, clear_new=change.added, focus=change.focus)
    extra = {"skill_error": change.error}
    if request.htmx:
        context = step_context(engagement, JD, form, editable=True, **extra)
        return render_partial(request, f"{TEMPLATE}#skills", context)
    return _render_step(request, engagement, form, **extra)


def _saved_text(engagement: Engagement) -> str:
    return (engagement.answers.get(JD.slug) or {}).get("jd_markdown", "")


def _when(draft: JDDraft) -> str:
    return date_format(timezone.localtime(draft.created_at), "DATETIME_FORMAT")


@require_GET
def jd_compare(request: AuthenticatedRequest, engagement_id: int, draft_id: int) -> HttpResponse:
    """An earlier version beside the current text, with what changed between them."""
    engagement = access.get_engagement(request.user, engagement_id)
    draft = get_object_or_404(JDDraft, pk=draft_id, engagement=engagement)
    current = _saved_text(engagement)
    context = step_context(
        engagement,
        JD,
        None,
        editable=access.can_edit(engagement),
        draft=draft,
        draft_when=_when(draft),
        diff=diff_rows(draft.text, current),
        is_current=draft.text.strip() == current.strip(),
    )
    return render_page(request, "jd/compare.html", context)


@require_POST
def jd_restore(request: AuthenticatedRequest, engagement_id: int, draft_id: int) -> HttpResponse:
    """Makes an earlier version the current text; the text it replaces stays in the history."""
    engagement = access.get_engagement(request.user, engagement_id)
    draft = get_object_or_404(JDDraft, pk=draft_id, engagement=engagement)
    if not access.can_edit(engagement):
        return locked_response(request, engagement, JD)
    saved = engagement.answers.get(JD.slug)
    if saved is None:
        raise Http404("This plan has no job description to restore into.")
    if draft.text.strip() == _saved_text(engagement).strip():
        messages.info(request, "That version is already the current text.")
        return back_to_step(request, engagement, JD)
    if len(draft.text) > TEXT_MAX_CHARS:
        # Kept before every text went through its limit; it cannot become the JD as it is.
        messages.error(
            request,
            f"That version is {len(draft.text):,} characters; the limit is "
            f"{TEXT_MAX_CHARS:,}, so it cannot be restored. Nothing was changed.",
        )
        return back_to_step(request, engagement, JD)
    try:
        answers = JDAnswers.model_validate({**saved, "jd_markdown": draft.text})
    except ValidationError:
        messages.error(
            request,
            "The step's other answers need fixing before an earlier text can be restored. "
            "Nothing was changed.",
        )
        return back_to_step(request, engagement, JD)
    try:
        with transaction.atomic():
            lock_editable(engagement)  # before the history row: a locked plan gets nothing
            JDDraft.objects.record(
                engagement, draft.text, request.user, f"Restored from {_when(draft)}"
            )
            engagement = save_answers(
                engagement,
                JD,
                answers,
                base_version=None,
                next_slug=engagement.current_step,
                user=request.user,
            )
    except PlanLocked:
        return _lost_to_a_lock(request, engagement)
    messages.success(
        request,
        f"Restored the version from {_when(draft)}. The text it replaced is kept under "
        "Earlier versions.",
    )
    return back_to_step(request, engagement, JD)


def _role_title(engagement: Engagement) -> str:
    return (engagement.answers.get("context") or {}).get("role_title") or engagement.title


def _file_name(title: str) -> str:
    return slugify(title)[:80].strip("-") or "job-description"


EXPORTS = {
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


@require_GET
def jd_export(request: AuthenticatedRequest, engagement_id: int, fmt: str) -> HttpResponse:
    """The saved JD as a Markdown or plain-text download, named after the role."""
    engagement = access.get_engagement(request.user, engagement_id)
    if fmt not in EXPORTS:
        raise Http404("Downloads come as .md or .txt.")
    text = _saved_text(engagement)
    if not text.strip():
        raise Http404("There is no saved job description to download yet.")
    title = _role_title(engagement)
    name = _file_name(title)
    body = text if fmt == "md" else render_plain(text)
    response = HttpResponse(body, content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _posting(engagement: Engagement) -> JobPosting | Refusal:
    """The plan's JD as a schema.org JobPosting, or why it cannot be exported (jd/posting.py)."""
    plan = plan_for(engagement)
    text = _saved_text(engagement)
    return build_posting(
        inp=build_input(engagement.answers, today=plan.today),
        plan=plan,
        ref=load_reference(),
        jd_text=text if isinstance(text, str) else "",
        title=_role_title(engagement),
        company=engagement.organization.name,
        plan_id=engagement.pk,
        today=plan.today,
    )


@require_GET
def jd_posting(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """The JD as a page ready to publish, with its schema.org JobPosting JSON-LD embedded;
    a 409 naming what to fix when the plan cannot be posted yet (C5)."""
    engagement = access.get_engagement(request.user, engagement_id)
    posting = _posting(engagement)
    context = {"engagement": engagement, "jd_url": JD.url(engagement)}
    if isinstance(posting, Refusal):
        context["refusal"] = posting
        return render(request, "jd/posting_refused.html", context, status=409)
    context.update(posting=posting, file_name=f"{_file_name(posting.title)}.jsonld")
    return render(request, "jd/posting.html", context)


@require_GET
def jd_posting_json(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """The JobPosting JSON-LD as a download; a 409 with the reasons when it is refused."""
    engagement = access.get_engagement(request.user, engagement_id)
    posting = _posting(engagement)
    if isinstance(posting, Refusal):
        return JsonResponse(posting.as_json(), status=409, json_dumps_params={"indent": 2})
    response = HttpResponse(posting.json_text(), content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(posting.title)}.jsonld"'
    return response
