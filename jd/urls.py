"""The job-description step's own URLs, beyond the generic step and preview views."""

from django.urls import path

from jd import views

urlpatterns = [
    path("engagements/<int:engagement_id>/jd/draft/", views.jd_draft, name="jd_draft"),
    path("engagements/<int:engagement_id>/jd/skills/", views.jd_skills, name="jd_skills"),
    path(
        "engagements/<int:engagement_id>/jd/versions/<int:draft_id>/",
        views.jd_compare,
        name="jd_compare",
    ),
    path(
        "engagements/<int:engagement_id>/jd/versions/<int:draft_id>/restore/",
        views.jd_restore,
        name="jd_restore",
    ),
    path("engagements/<int:engagement_id>/jd/export.<str:fmt>", views.jd_export, name="jd_export"),
    path("engagements/<int:engagement_id>/jd/posting/", views.jd_posting, name="jd_posting"),
    path(
        "engagements/<int:engagement_id>/jd/posting.jsonld",
        views.jd_posting_json,
        name="jd_posting_json",
    ),
]
