"""Compare an earlier JD draft with the current text, line by line and word by word.

`diff_rows(old, new)` is pure: it returns rows for an accessible table, each saying in words
whether the line was removed, added or changed, with the changed words wrapped in <del> and
<ins> (escaped HTML, built piece by piece). Long unchanged runs fold into one "skip" row.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape
from typing import Literal

CONTEXT_LINES = 2  # unchanged lines kept around each change

Kind = Literal["same", "removed", "added", "changed", "skip"]
LABELS: dict[str, str] = {
    "same": "",
    "removed": "Removed",
    "added": "Added",
    "changed": "Changed",
    "skip": "",
}

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class DiffRow:
    kind: Kind
    old_number: int | None
    new_number: int | None
    html: str  # escaped; <del>/<ins> around changed words
    skipped: int = 0

    @property
    def label(self) -> str:
        return LABELS[self.kind]


@dataclass(frozen=True)
class Diff:
    rows: list[DiffRow]
    added: int
    removed: int
    changed: int

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _words(old: str, new: str) -> str:
    """One changed line as HTML: the words it lost in <del>, the words it gained in <ins>.

    Runs of changes separated only by spaces are joined, so a rewritten phrase reads as one
    removal and one addition rather than alternating single words.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[str] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if removed:
            out.append(
                '<del><span class="visually-hidden">removed: </span>'
                f"{escape(''.join(removed))}</del>"
            )
        if added:
            out.append(
                f'<ins><span class="visually-hidden">added: </span>{escape("".join(added))}</ins>'
            )
        removed.clear()
        added.clear()

    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for position, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            same = "".join(a[a1:a2])
            between = 0 < position < len(opcodes) - 1 and (removed or added)
            if between and not same.strip():
                removed.append(same)  # a space inside a rewritten phrase belongs to it
                added.append(same)
                continue
            flush()
            out.append(escape(same))
            continue
        removed.extend(a[a1:a2])
        added.extend(b[b1:b2])
    flush()
    return "".join(out)


def _fold(rows: list[DiffRow]) -> list[DiffRow]:
    """Keeps CONTEXT_LINES unchanged lines around each change; longer runs become a skip row."""
    changed = [i for i, row in enumerate(rows) if row.kind != "same"]
    if not changed:
        return rows
    keep = set()
    for index in changed:
        keep.update(range(index - CONTEXT_LINES, index + CONTEXT_LINES + 1))
    out: list[DiffRow] = []
    skipped: list[DiffRow] = []
    for index, row in enumerate(rows):
        if index in keep:
            if skipped:
                out.append(DiffRow("skip", None, None, "", skipped=len(skipped)))
                skipped = []
            out.append(row)
        else:
            skipped.append(row)
    if skipped:
        out.append(DiffRow("skip", None, None, "", skipped=len(skipped)))
    return out


def diff_rows(old: str, new: str) -> Diff:
    """The rows that turn `old` into `new`."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    counts = {"added": 0, "removed": 0, "changed": 0}
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for offset in range(a2 - a1):
                rows.append(
                    DiffRow("same", a1 + offset + 1, b1 + offset + 1, escape(a[a1 + offset]))
                )
            continue
        paired = min(a2 - a1, b2 - b1) if op == "replace" else 0
        for offset in range(paired):
            rows.append(
                DiffRow(
                    "changed",
                    a1 + offset + 1,
                    b1 + offset + 1,
                    _words(a[a1 + offset], b[b1 + offset]),
                )
            )
        counts["changed"] += paired
        for index in range(a1 + paired, a2):
            rows.append(DiffRow("removed", index + 1, None, f"<del>{escape(a[index])}</del>"))
            counts["removed"] += 1
        for index in range(b1 + paired, b2):
            rows.append(DiffRow("added", None, index + 1, f"<ins>{escape(b[index])}</ins>"))
            counts["added"] += 1
    return Diff(rows=_fold(rows), **counts)
