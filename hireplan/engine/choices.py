"""Enumerations with human labels, shared by pydantic schemas (values) and forms (labels)."""

from enum import StrEnum
from typing import Self


class Choice(StrEnum):
    """A string enum whose members carry a label: `SEED = "seed", "Seed"`."""

    label: str

    def __new__(cls, value: str, label: str | None = None) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value.replace("_", " ").capitalize()
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]
