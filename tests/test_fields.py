"""The field markup every step uses ({% field %}, {% check_field %}) and the claim links."""

from django import forms
from django.template import Context, Template

from hireplan.fields import claim_links, render_check, render_field


class SampleForm(forms.Form):
    name = forms.CharField(label="Role <title>", help_text="As the posting says it.")
    note = forms.CharField(required=False)
    pick = forms.ChoiceField(
        choices=[("a", "Apple & pear"), ("b", "Bean")], widget=forms.RadioSelect
    )
    remote = forms.BooleanField(required=False, label="Remote")


def test_it_links_each_claim_to_the_sources_page() -> None:
    html = claim_links("C1 J4")
    assert html == (
        '<span class="claims">'
        '<a class="claim" href="/guide/#claim-C1" title="Source: guide claim C1">C1</a>'
        '<a class="claim" href="/guide/#claim-J4" title="Source: guide claim J4">J4</a></span>'
    )
    assert claim_links(["C1"]) == claim_links("C1")
    assert claim_links(None) == "" and claim_links([]) == ""


def test_it_renders_label_help_widget_and_errors_escaped() -> None:
    form = SampleForm(data={"name": "", "pick": "a"})
    form.fields["name"].claims = ["C1"]
    html = render_field(form["name"])
    assert '<div class="field has-error">' in html
    assert '<label class="field-label" for="id_name">Role &lt;title&gt;</label>' in html
    # The field's sources go to its block's one Sources line ({% sources %}), not its label.
    assert "claim-C1" not in html
    assert html.index("<input") < html.index('class="field-help"')  # help after the widget
    assert '<p class="field-help" id="id_name_helptext">As the posting says it.</p>' in html
    assert (
        'aria-invalid="true"' in html
        and 'aria-describedby="id_name_helptext id_name_error"' in html
    )
    assert (
        '<ul class="field-errors" id="id_name_error"><li>This field is required.</li></ul>' in html
    )
    optional = render_field(form["note"])
    assert '<span class="optional">optional</span>' in optional and "has-error" not in optional
    needed = render_field(form["note"], needed_for="for hybrid")
    assert '<span class="optional">for hybrid</span>' in needed and ">optional<" not in needed


def test_it_renders_choices_as_a_fieldset_and_a_yes_no_as_one_checkbox() -> None:
    form = SampleForm(initial={"pick": "b"})
    html = render_field(form["pick"])
    assert html.startswith('<fieldset class="field field-choice">')
    assert '<legend class="field-label">Pick</legend>' in html
    assert '<label class="choice" for="id_pick_0">' in html
    assert "<span>Apple &amp; pear</span>" in html
    assert 'value="b" id="id_pick_1" required checked' in html
    check = render_check(form["remote"])
    assert '<label class="check" for="id_remote"><input type="checkbox"' in check
    assert '<span class="field-label">Remote</span>' in check


def test_it_is_available_to_every_template_as_a_tag() -> None:
    form = SampleForm()
    html = Template('{% field form.note %}{% check_field form.remote %}{% claims "O1" %}').render(
        Context({"form": form})
    )
    assert 'for="id_note"' in html and 'class="check"' in html and "#claim-O1" in html
