"""The loop step's own URL, beyond the generic step and preview views."""

from django.urls import path

from loops import views

urlpatterns = [
    path("engagements/<int:engagement_id>/loop/edit/", views.loop_edit, name="loop_edit"),
    path("engagements/<int:engagement_id>/offer/edit/", views.offer_edit, name="offer_edit"),
]
