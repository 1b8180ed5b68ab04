"""The job-description step's own views.

The generic wizard view renders the step's page; the step's form posts here instead, because
a save also keeps the text's history (JDDraft), which needs the person saving. The rest:
drafting from the answers, the live check, reordering the skills, comparing an earlier
version with the current text, restoring it, and downloading the JD.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pydantic import ValidationError

from hireplan import access
from hireplan.access import AuthenticatedRequest
from hireplan.engine import build_input
from hireplan.models import Engagement, Membership, User
from hireplan.reference import load_reference
from hireplan.steps import step_after
from hireplan.views import after_save, restarted_form, step_context
from hireplan.wizard import StaleStep, initial_for, render_page, save_answers, validate
from jd.diff import diff_rows
from jd.draft import draft_jd
from jd.forms import JDForm, SkillListField, apply_skill_action
from jd.models import JDDraft
from jd.render import render_plain
from jd.schemas import JDAnswers
from jd.steps import JD

TEMPLATE = JD.template_name
DRAFTED = "Drafted the JD from your answers. Any text it replaced is kept under Earlier versions."


def record_draft(engagement: Engagement, text: str, user: User, label: str) -> JDDraft | None:
    """Adds the text to the history unless it is empty or the same as the latest version."""
    text = text.strip()
    if not text:
        return None
    latest = engagement.jd_drafts.order_by("-created_at", "-pk").first()
    if latest is not None and latest.text == text:
        return None
    return JDDraft.objects.create(engagement=engagement, text=text, label=label, created_by=user)


def _locked(request: HttpRequest, engagement: Engagement) -> HttpResponse | None:
    """None when the user may change the plan; otherwise the refusal, like the generic step's."""
    if access.can_edit(engagement):
        return None
    if engagement.viewer_role != Membership.Role.HIRING_MANAGER:
        raise PermissionDenied("Recruiters review plans; the hiring manager edits them.")
    messages.error(
        request,
        f"This plan is {engagement.get_status_display().lower()}, so its answers are locked. "
        "Nothing was saved.",
    )
    return _to_step(request, engagement)


def _to_step(request: HttpRequest, engagement: Engagement) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = JD.url(engagement)
        return response
    return redirect(JD.url(engagement))


def _base(form: JDForm) -> int | None:
    """The engagement version the user's form was loaded at (None: not sent, no check)."""
    return form.cleaned_data.get("version")


def _render_step(request: HttpRequest, engagement: Engagement, form: JDForm, **extra):
    context = step_context(engagement, JD, form, editable=access.can_edit(engagement), **extra)
    return render_page(request, TEMPLATE, context)


@require_POST
def jd_save(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Save and continue: the generic save, plus a history row when the text changed."""
    engagement = access.get_engagement(request.user, engagement_id)
    if (refused := _locked(request, engagement)) is not None:
        return refused
    form = JDForm(request.POST)
    answers = validate(JD, form)
    if answers is not None:
        try:
            with transaction.atomic():
                engagement = save_answers(
                    engagement,
                    JD,
                    answers,
                    base_version=_base(form),
                    next_slug=step_after(JD).slug,
                    user=request.user,
                )
                record_draft(engagement, answers.jd_markdown, request.user, "Edited")
        except StaleStep:
            engagement.refresh_from_db()
            form = restarted_form(JD, request.POST, engagement, _base(form) or 0)
        else:
            return after_save(request, engagement, JD)
    return _render_step(request, engagement, form)


@require_POST
def jd_draft(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Writes the JD from the answers on the form and saves it; the step stays open to edit."""
    engagement = access.get_engagement(request.user, engagement_id)
    if (refused := _locked(request, engagement)) is not None:
        return refused
    form = JDForm(request.POST, purpose="draft")
    answers = validate(JD, form)
    if answers is None:
        return _render_step(request, engagement, form)
    merged = {**engagement.answers, JD.slug: answers.model_dump(mode="json")}
    text = draft_jd(build_input(merged, today=timezone.localdate()), load_reference())
    drafted = JDAnswers.model_validate({**answers.model_dump(), "jd_markdown": text})
    try:
        with transaction.atomic():
            # Whatever the editor held is kept first, so redrafting never loses an edit.
            record_draft(engagement, request.POST.get("jd_markdown", ""), request.user, "Edited")
            engagement = save_answers(
                engagement,
                JD,
                drafted,
                base_version=_base(form),
                next_slug=engagement.current_step,
                user=request.user,
            )
            record_draft(engagement, text, request.user, "Drafted")
    except StaleStep:
        engagement.refresh_from_db()
        restarted = restarted_form(JD, request.POST, engagement, _base(form) or 0)
        return _render_step(request, engagement, restarted)
    if not request.htmx:
        messages.success(request, DRAFTED)
        return redirect(JD.url(engagement))
    fresh = JDForm(initial=initial_for(JD, engagement))
    return _render_step(request, engagement, fresh, jd_notice=DRAFTED, jd_focus="id_jd_markdown")


@require_POST
def jd_live(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """The live check and advice for the text as typed: the step's `live` partial. Saves nothing."""
    engagement = access.get_engagement(request.user, engagement_id)
    form = JDForm(request.POST, purpose="preview")
    answers = validate(JD, form)
    context = step_context(
        engagement,
        JD,
        form,
        editable=access.can_edit(engagement),
        answers=answers,
        previewing=True,
        preview_incomplete=answers is None,
    )
    response = render(request, f"{TEMPLATE}#live", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


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
    if (refused := _locked(request, engagement)) is not None:
        return refused
    skills = SkillListField().to_python(request.POST.getlist("ranked_skills"))
    change = apply_skill_action(
        skills, request.POST.get("skill_action", ""), request.POST.get("new_skill", "")
    )
    form = _form_showing(request.POST, change.skills, clear_new=change.added, focus=change.focus)
    extra = {"skill_error": change.error}
    if request.htmx:
        context = {"engagement": engagement, "form": form, "can_edit": True, **extra}
        response = HttpResponse(render_to_string(f"{TEMPLATE}#skills", context, request))
        patch_vary_headers(response, ("HX-Request",))
        return response
    return _render_step(request, engagement, form, **extra)


def _saved_text(engagement: Engagement) -> str:
    return (engagement.answers.get(JD.slug) or {}).get("jd_markdown", "")


def _when(draft: JDDraft) -> str:
    return date_format(timezone.localtime(draft.created_at), "j M Y, H:i")


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
    if (refused := _locked(request, engagement)) is not None:
        return refused
    saved = engagement.answers.get(JD.slug)
    if saved is None:
        raise Http404("This plan has no job description to restore into.")
    if draft.text.strip() == _saved_text(engagement).strip():
        messages.info(request, "That version is already the current text.")
        return _to_step(request, engagement)
    try:
        answers = JDAnswers.model_validate({**saved, "jd_markdown": draft.text})
    except ValidationError:
        messages.error(
            request,
            "The step's other answers need fixing before an earlier text can be restored. "
            "Nothing was changed.",
        )
        return _to_step(request, engagement)
    with transaction.atomic():
        engagement = save_answers(
            engagement,
            JD,
            answers,
            base_version=None,
            next_slug=engagement.current_step,
            user=request.user,
        )
        record_draft(engagement, draft.text, request.user, f"Restored from {_when(draft)}")
    messages.success(
        request,
        f"Restored the version from {_when(draft)}. The text it replaced is kept under "
        "Earlier versions.",
    )
    return _to_step(request, engagement)


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
    title = (engagement.answers.get("context") or {}).get("role_title") or engagement.title
    name = slugify(title)[:80].strip("-") or "job-description"
    body = text if fmt == "md" else render_plain(text)
    response = HttpResponse(body, content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
