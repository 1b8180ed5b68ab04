"""Extra URLs of this app's wizard steps, beyond the generic step and preview views.

The review step's submit lives at .../review/submit/: a bare .../submit/ would be taken by
the hub's generic `<slug>/` step pattern, which the app URLs come after.
"""

from django.urls import path

from hireplan import review
from loops import views

urlpatterns = [
    path("engagements/<int:engagement_id>/loop/edit/", views.loop_edit, name="loop_edit"),
    path(
        "engagements/<int:engagement_id>/review/submit/",
        review.submit_for_review,
        name="submit",
    ),
]
