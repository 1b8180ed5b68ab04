"""The loop step's own URL, beyond the generic step and preview views."""

from django.urls import path

from loops import calendar_views, views

urlpatterns = [
    path(
        "engagements/<int:engagement_id>/loop/calendar.ics",
        calendar_views.loop_calendar_view,
        name="loop_calendar",
    ),
    path("engagements/<int:engagement_id>/loop/edit/", views.loop_edit, name="loop_edit"),
    path("engagements/<int:engagement_id>/offer/edit/", views.offer_edit, name="offer_edit"),
    path("engagements/<int:engagement_id>/loop/kits/", views.loop_kit, name="loop_kit"),
    path(
        "engagements/<int:engagement_id>/loop/kits/<int:number>/",
        views.round_kit,
        name="round_kit",
    ),
    path("engagements/<int:engagement_id>/loop/kits/pdf/", views.loop_kit_pdf, name="loop_kit_pdf"),
    path(
        "engagements/<int:engagement_id>/loop/kits/<int:number>/pdf/",
        views.round_kit_pdf,
        name="round_kit_pdf",
    ),
    path(
        "engagements/<int:engagement_id>/loop/kits/prompts/",
        views.kit_prompts,
        name="kit_prompts",
    ),
]
