from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hireplan import (
    brief_views,
    copying,
    password_reset,
    review,
    sharing,
    steps,
    views,
    workspace,
)
from hireplan.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset (hireplan/password_reset.py): throttled, its email sent by the worker.
    path("password-reset/", password_reset.ResetRequestView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        password_reset.ResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        password_reset.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("engagements/new/", views.engagement_new, name="engagement_new"),
    path("engagements/new/preview/", views.engagement_new_preview, name="engagement_new_preview"),
    path("engagements/new/quick/", views.quick_plan, name="quick_plan"),
    path("engagements/new/quick/preview/", views.quick_plan_preview, name="quick_plan_preview"),
    path("engagements/new/unsaved/", views.new_plan_draft, name="new_plan_draft"),
    path(
        "engagements/new/unsaved/discard/",
        views.new_plan_draft_discard,
        name="new_plan_draft_discard",
    ),
    path("engagements/<int:engagement_id>/", views.engagement_detail, name="engagement"),
    path("engagements/<int:engagement_id>/plan.json", views.plan_json, name="plan_json"),
    path("guide/", views.guide, name="guide"),
    path("review/", workspace.dashboard, name="dashboard"),
    path("review/<int:engagement_id>/", workspace.review_detail, name="review_detail"),
    path("engagements/<int:engagement_id>/comments/", workspace.add_comment, name="add_comment"),
    path(
        "engagements/<int:engagement_id>/status/",
        workspace.change_engagement_status,
        name="change_status",
    ),
    path("engagements/<int:engagement_id>/export.json", workspace.export_one, name="export_one"),
    path("engagements/<int:engagement_id>/brief.pdf", brief_views.brief_pdf, name="brief_pdf"),
    path(
        "engagements/<int:engagement_id>/briefs/<int:brief_id>.pdf",
        brief_views.brief_download,
        name="brief_download",
    ),
    path("engagements/<int:engagement_id>/review/submit/", review.submit_for_review, name="submit"),
    # "Copy this plan" (hireplan/copying.py): before the step URLs, which take any segment.
    path("engagements/<int:engagement_id>/copy/", copying.copy_view, name="copy_plan"),
    # Read-only links for the client (hireplan/sharing.py): made and revoked from the review
    # pages; the link itself needs no login and carries a token, not the engagement's id.
    path("engagements/<int:engagement_id>/share/", sharing.share_create, name="share_create"),
    path(
        "engagements/<int:engagement_id>/share/<int:link_id>/revoke/",
        sharing.share_revoke,
        name="share_revoke",
    ),
    path("shared/<str:token>/", sharing.shared_plan, name="shared_plan"),
    path("shared/<str:token>/brief.pdf", sharing.shared_brief, name="shared_brief"),
    # Last of the engagement URLs: any other single segment is a wizard step's slug.
    path("engagements/<int:engagement_id>/<slug:slug>/", views.step, name="step"),
    path(
        "engagements/<int:engagement_id>/<slug:slug>/preview/",
        views.step_preview,
        name="step_preview",
    ),
    path(
        "engagements/<int:engagement_id>/<slug:slug>/unsaved/", views.step_draft, name="step_draft"
    ),
    path(
        "engagements/<int:engagement_id>/<slug:slug>/unsaved/discard/",
        views.step_draft_discard,
        name="step_draft_discard",
    ),
    # The step apps' own views, from the apps that registered steps (hireplan/steps.py).
    *[path("", include(module)) for module in steps.url_modules()],
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

# Error pages in the app's layout (templates/400.html, 413.html): a body over Django's size
# limit is a 413 that says so, any other unreadable request a 400.
handler400 = "hireplan.views.bad_request"
