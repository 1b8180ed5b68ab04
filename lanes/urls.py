"""Extra URLs of this app's wizard steps, beyond the generic step and preview views."""

from django.urls import path

from lanes import views

urlpatterns = [
    path(
        "engagements/<int:engagement_id>/lane/advice/",
        views.lane_advice,
        name="lane_advice",
    ),
    path(
        "engagements/<int:engagement_id>/lane/choices/",
        views.lane_choices,
        name="lane_choices",
    ),
]
