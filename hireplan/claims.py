"""Where each guide claim is used: by which rules and by which reference records (pure)."""

from dataclasses import dataclass, field

from pydantic import BaseModel

from hireplan.engine.reference import ClaimEntry, Reference
from hireplan.engine.rules import RULES, Rule


@dataclass
class ClaimUsage:
    claim: ClaimEntry
    rules: list[Rule] = field(default_factory=list)
    records: list[str] = field(default_factory=list)


def _label(record: BaseModel, topic: str) -> str:
    for attr in ("name", "label", "id", "level", "llm_work"):
        value = getattr(record, attr, None)
        if value:
            return f"{topic}: {getattr(value, 'label', value)}"
    return f"{topic}: {type(record).__name__}"


def _records_with_claims(value: object, topic: str) -> list[tuple[str, list[str]]]:
    """(label, claims) of every record inside one reference file, depth first."""
    found = []
    if isinstance(value, BaseModel):
        claims = getattr(value, "claims", None)
        if isinstance(claims, list):
            found.append((_label(value, topic), claims))
        for name in type(value).model_fields:
            found += _records_with_claims(getattr(value, name), topic)
    elif isinstance(value, list | tuple):
        for item in value:
            found += _records_with_claims(item, topic)
    return found


def claim_usage(ref: Reference) -> list[ClaimUsage]:
    """Every claim in the catalogue, in catalogue order, with what uses it."""
    usage = {entry.id: ClaimUsage(entry) for entry in ref.claims.claims}
    for rule in RULES:
        for claim in rule.claims:
            usage[claim].rules.append(rule)
    for topic in type(ref).model_fields:
        if topic == "claims":  # the catalogue itself
            continue
        for label, claims in _records_with_claims(getattr(ref, topic), topic.replace("_", " ")):
            for claim in claims:
                if label not in usage[claim].records:
                    usage[claim].records.append(label)
    return list(usage.values())
