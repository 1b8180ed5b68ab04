"""The lane step's form: lanes as radio cards, a lean among the primary's neighbours, scope."""

from django import forms
from django.forms.boundfield import BoundWidget

from hireplan.engine.answers import DeliverableKind, Lane, LLMWork, ReliabilityBar
from hireplan.engine.reference import LaneRecord
from hireplan.forms import PercentField, StepForm
from hireplan.reference import load_reference
from lanes.charts import WeekChart, week_chart

MAX_TAG_LENGTH = 40
MAX_TAGS = 40  # the schema's limit for ticked and typed tools together


def all_stack_tools() -> list[str]:
    """Every tool any lane's stack signal names: the checkboxes a post may carry."""
    tools: list[str] = []
    for record in load_reference().lanes.lanes:
        tools += [tool for tool in record.stack_signal if tool not in tools]
    return tools


def parse_tags(text: str) -> list[str]:
    return [tag.strip() for tag in text.replace("\n", ",").split(",") if tag.strip()]


def _as_lane(value) -> Lane | None:
    try:
        return Lane(value) if value else None
    except ValueError:
        return None


class LaneForm(StepForm):
    primary_lane = forms.ChoiceField(
        label="Primary lane",
        choices=Lane.choices(),
        widget=forms.RadioSelect,
        help_text="The one kind of ML engineer this is for; anything else is a plus.",
        error_messages={"required": "Choose the primary lane: the kind of engineer you need most."},
    )
    lean_lane = forms.TypedChoiceField(
        label="Lean",
        choices=[("", "No lean"), *Lane.choices()],
        coerce=Lane,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="A neighbouring lane the hire also covers, a plus in the JD.",
    )
    extra_lanes = forms.MultipleChoiceField(
        label="Also needs…",
        choices=Lane.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Only if the team insists on more. A third lane, or a second one that is not next "
            "to the primary, brings the do-it-all finding."
        ),
    )
    deliverable = forms.CharField(
        label="What must the hire have delivered after six months?",
        min_length=3,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The concrete first result, not the long-term vision.",
        error_messages={
            "required": "Say what the hire must deliver in the first six months.",
            "min_length": "Describe the deliverable in a few words, for example “retrain the "
            "ranking model on fresher features”.",
            "max_length": "Keep the deliverable under 500 characters; the JD can say more.",
        },
    )
    deliverable_kind = forms.ChoiceField(
        label="What kind of work is that?",
        choices=DeliverableKind.choices(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of work the deliverable is."},
    )
    reliability_bar = forms.ChoiceField(
        label="How reliable must the model be?",
        choices=ReliabilityBar.choices(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reliability bar: an SLA, or internal use."},
    )
    sla_percent = PercentField(
        label="SLA, as a percentage",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="Needed for a production SLA, for example 99.9.",
        error_messages={"invalid": "Enter the SLA as a number, for example 99.9."},
    )
    stack_tags = forms.MultipleChoiceField(
        label="Stack in use",
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick what the team actually runs, not a wish list.",
    )
    stack_other = forms.CharField(
        label="Other tools in use",
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Separate them with commas, for example BigQuery, Ray.",
        error_messages={
            "max_length": "That is a lot of tools; keep the list under 1,000 characters."
        },
    )
    llm_work = forms.ChoiceField(
        label="Will the role also do LLM work?",
        choices=LLMWork.choices(),
        widget=forms.RadioSelect,
        initial=LLMWork.NONE,
        help_text="Carried over from the context step. From here on the plan uses this answer.",
    )

    claims = {
        "primary_lane": ["L1", "L8"],
        "lean_lane": ["L2", "L3"],
        "extra_lanes": ["L2", "L4"],
        "deliverable": ["L5"],
        "deliverable_kind": ["L5"],
        "reliability_bar": ["L6"],
        "sla_percent": ["L6"],
        "stack_tags": ["L1"],
        "llm_work": ["L10"],
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ref = load_reference()
        self.fields["stack_tags"].choices = [(tool, tool) for tool in all_stack_tools()]
        if not self.is_bound and "stack_other" not in self.initial:
            self._split_initial_tags()

    def _split_initial_tags(self) -> None:
        """Saved tags the primary lane suggests become ticked boxes; the rest, free text."""
        tags = list(self.initial.get("stack_tags") or [])
        signal = {tool.casefold(): tool for tool in self.signal()}
        ticked = [signal[tag.casefold()] for tag in tags if tag.casefold() in signal]
        others = [tag for tag in tags if tag.casefold() not in signal]
        self.initial["stack_tags"] = ticked
        self.initial["stack_other"] = ", ".join(others)

    # -- what the template needs to lay out the lane-dependent choices

    def current_primary(self) -> Lane | None:
        """The primary lane as the user has it now: posted, else saved."""
        return _as_lane(self["primary_lane"].value())

    def lane_records(self) -> list[tuple[LaneRecord, BoundWidget]]:
        """Each lane's reference record with its radio, in the fixture's order."""
        radios = {radio.data["value"]: radio for radio in self["primary_lane"]}
        return [(record, radios[record.id.value]) for record in self.ref.lanes.lanes]

    def week_chart(self) -> WeekChart:
        """The production ML engineer's week (L9), drawn beside that lane's card."""
        return week_chart(self.ref.week)

    def signal(self) -> list[str]:
        primary = self.current_primary()
        return list(self.ref.lane(primary).stack_signal) if primary else []

    def lean_groups(self) -> dict:
        """The lean's radios: no lean, the primary's neighbours, then the other lanes.

        Each lane comes as {"radio", "note"}. The primary itself is left out unless it is the
        chosen lean, so the error saying the two must differ points at a visible choice. With
        no primary yet, each lane notes its neighbours instead.
        """
        primary = self.current_primary()
        chosen = self["lean_lane"].value()
        radios = list(self["lean_lane"])
        none = [radio for radio in radios if not radio.data["value"]]
        lanes = [
            radio
            for radio in radios
            if radio.data["value"]
            and (radio.data["value"] != primary or radio.data["value"] == chosen)
        ]
        if primary is None:
            other = [
                {"radio": radio, "note": "next to " + self._neighbours(Lane(radio.data["value"]))}
                for radio in lanes
            ]
            return {"none": none, "adjacent": [], "other": other, "primary": None}
        adjacent = {lane.value for lane in self.ref.adjacent_lanes(primary)}
        return {
            "none": none,
            "adjacent": [
                {"radio": radio, "note": ""} for radio in lanes if radio.data["value"] in adjacent
            ],
            "other": [
                {
                    "radio": radio,
                    "note": "the primary lane" if radio.data["value"] == primary else "",
                }
                for radio in lanes
                if radio.data["value"] not in adjacent
            ],
            "primary": primary,
        }

    def _neighbours(self, lane: Lane) -> str:
        return ", ".join(other.label for other in self.ref.adjacent_lanes(lane)) or "no other lane"

    def extra_choices(self) -> list[BoundWidget]:
        primary = self.current_primary()
        chosen = self["extra_lanes"].value() or []
        return [
            box
            for box in self["extra_lanes"]
            if box.data["value"] != primary or box.data["value"] in chosen
        ]

    def stack_choices(self) -> list[dict]:
        """The primary lane's signal as checkboxes, plus any ticked tool it does not list.

        Keeps what the user ticked when the primary lane changes.
        """
        ticked = [str(tag) for tag in (self["stack_tags"].value() or [])]
        signal = self.signal()
        tools = signal + [tag for tag in ticked if tag not in signal]
        return [
            {"value": tool, "checked": tool in ticked, "id": f"id_stack_tags_{index}"}
            for index, tool in enumerate(tools)
        ]

    # -- validation

    def clean_stack_other(self) -> list[str]:
        tags = parse_tags(self.cleaned_data.get("stack_other", ""))
        long = [tag for tag in tags if len(tag) > MAX_TAG_LENGTH]
        if long:
            raise forms.ValidationError(
                f"Keep each tool to {MAX_TAG_LENGTH} characters; “{long[0][:20]}…” is longer. "
                "Separate tools with commas."
            )
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                f"List at most {MAX_TAGS} tools; keep the ones in daily use."
            )
        return tags

    def clean(self) -> dict:
        cleaned = super().clean()
        # Both inputs are one answer: the ticked suggestions and the typed tools.
        typed = cleaned.pop("stack_other", None) or []
        cleaned["stack_tags"] = [*cleaned.get("stack_tags", []), *typed]
        if cleaned.get("reliability_bar") == ReliabilityBar.INTERNAL:
            # The SLA box is hidden once nobody is paged; a number left in it is not an answer.
            cleaned["sla_percent"] = None
            self._errors.pop("sla_percent", None)
        return cleaned
