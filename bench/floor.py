"""The floor: what Django itself needs to answer a click in this app.

A page in the app's own layout with a ten-field form and three queries, served through the
same middleware stack as every Hireplan view. Every time target is a ratio against it.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hireplan.models import Activity, Engagement, Organization


class FloorForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="A short text field.")
    email = forms.EmailField()
    stage = forms.ChoiceField(choices=[(str(n), f"Choice {n}") for n in range(8)])
    kind = forms.ChoiceField(
        choices=[("a", "First"), ("b", "Second"), ("c", "Third")], widget=forms.RadioSelect
    )
    headcount = forms.IntegerField(min_value=1, max_value=1000)
    budget = forms.DecimalField(max_digits=10, decimal_places=2)
    start = forms.DateField()
    remote = forms.BooleanField(required=False)
    tags = forms.MultipleChoiceField(
        choices=[(str(n), f"Tag {n}") for n in range(6)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(widget=forms.Textarea, required=False)


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    # Three queries, each materialised: the user's companies, their plans, the latest activity.
    organizations = list(Organization.objects.filter(memberships__user=request.user))
    engagements = list(
        Engagement.objects.filter(organization__in=organizations)
        .only("pk", "title", "status", "updated_at")
        .order_by("-updated_at")[:10]
    )
    latest = Activity.objects.filter(engagement__in=engagements).order_by("-pk").first()
    form = FloorForm(
        initial={"name": request.user.email, "email": request.user.email, "headcount": 1}
    )
    context = {
        "form": form,
        "organizations": organizations,
        "engagements": engagements,
        "latest": latest,
    }
    return render(request, "bench/floor.html", context)
