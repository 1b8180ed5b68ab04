"""Compare an earlier JD draft with the current text, line by line and word by word.

`diff_rows(old, new)` is pure: it returns rows for an accessible table, each saying in words
whether the line was removed, added or changed, with the changed words wrapped in <del> and
<ins> (escaped HTML, built piece by piece). Long unchanged runs fold into one "skip" row.

Its cost stays near-linear in the text (issue 18: a word-level diff over the whole text took
seconds for 1,200 characters):

1. Lines first. The common leading and trailing lines are matched outright; what is left is
   split on anchors, lines that occur exactly once in each side (patience diff: the longest
   increasing run of them, O(n log n)), and each gap between anchors is handled the same way.
   A gap small enough (`SMALL_GAP` line pairs) goes to `SequenceMatcher` over its lines, which
   gives the same answers as before on ordinary edits. A gap with no anchor, or anything left
   once `MAX_LINE_WORK` lines have been examined, stays a block of changed lines (in which a
   line equal to the one it is paired with still shows as unchanged).
2. Words only inside short changed lines. Changed lines are paired in order; a pair is diffed
   word by word only when both lines are under `MAX_WORD_LINE_CHARS` characters and
   `MAX_WORD_LINE_TOKENS` tokens and the comparison's word budget (`MAX_WORD_WORK`, token
   pairs) is not spent. Any other pair shows as the old line removed and the new one added,
   whole.
"""

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape
from typing import Literal

CONTEXT_LINES = 2  # unchanged lines kept around each change
SMALL_GAP = 2_500  # line pairs (old lines × new lines) a gap may have for SequenceMatcher
MAX_LINE_WORK = 200_000  # lines examined by the line diff before the rest is left as a block
MAX_WORD_LINE_CHARS = 400  # a changed line longer than this is shown removed and added whole
MAX_WORD_LINE_TOKENS = 200  # the same, in tokens (words, spaces, punctuation)
MAX_WORD_WORK = 200_000  # token pairs (old tokens × new tokens) per comparison

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


def _words(a: list[str], b: list[str]) -> str:
    """One changed line as HTML: the words it lost in <del>, the words it gained in <ins>.

    Runs of changes separated only by spaces are joined, so a rewritten phrase reads as one
    removal and one addition rather than alternating single words.
    """
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


def _unique_anchors(
    a: list[str], a1: int, a2: int, b: list[str], b1: int, b2: int
) -> list[tuple[int, int]]:
    """Lines that occur once in a[a1:a2] and once in b[b1:b2], the longest run of them in the
    same order on both sides (patience sorting)."""
    count_a = Counter(a[a1:a2])
    count_b = Counter(b[b1:b2])
    where_b = {b[j]: j for j in range(b1, b2) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(a1, a2) if count_a[a[i]] == 1 and a[i] in where_b]
    if not pairs:
        return []
    tails: list[int] = []  # the smallest last j of an increasing run of each length
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k] = j
            tail_index[k] = index
        previous.append(tail_index[k - 1] if k else -1)
    run: list[tuple[int, int]] = []
    index = tail_index[-1]
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    run.reverse()
    return run


def _line_matches(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of equal lines, increasing on both sides."""
    matches: list[tuple[int, int]] = []
    budget = MAX_LINE_WORK
    stack = [(0, len(a), 0, len(b))]
    while stack:
        a1, a2, b1, b2 = stack.pop()
        while a1 < a2 and b1 < b2 and a[a1] == b[b1]:
            matches.append((a1, b1))
            a1, b1 = a1 + 1, b1 + 1
        while a1 < a2 and b1 < b2 and a[a2 - 1] == b[b2 - 1]:
            a2, b2 = a2 - 1, b2 - 1
            matches.append((a2, b2))
        if a1 == a2 or b1 == b2 or budget <= 0:
            continue
        budget -= (a2 - a1) + (b2 - b1)
        if (a2 - a1) * (b2 - b1) <= SMALL_GAP:
            matcher = SequenceMatcher(None, a[a1:a2], b[b1:b2], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                matches.extend((a1 + i + k, b1 + j + k) for k in range(size))
            continue
        last_i, last_j = a1, b1
        for i, j in _unique_anchors(a, a1, a2, b, b1, b2):
            matches.append((i, j))
            stack.append((last_i, i, last_j, j))
            last_i, last_j = i + 1, j + 1
        if (last_i, last_j) != (a1, b1):
            stack.append((last_i, a2, last_j, b2))
    matches.sort()
    return matches


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher-style opcodes from `_line_matches`."""
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for mi, mj in [*_line_matches(a, b), (len(a), len(b))]:
        if mi > i or mj > j:
            op = "replace" if mi > i and mj > j else ("delete" if mi > i else "insert")
            out.append((op, i, mi, j, mj))
        if (mi, mj) != (len(a), len(b)):
            if out and out[-1][0] == "equal" and out[-1][2] == mi and out[-1][4] == mj:
                _, e1, _, f1, _ = out.pop()
                out.append(("equal", e1, mi + 1, f1, mj + 1))
            else:
                out.append(("equal", mi, mi + 1, mj, mj + 1))
        i, j = mi + 1, mj + 1
    return out


def _short(tokens: list[str], line: str) -> bool:
    return len(line) <= MAX_WORD_LINE_CHARS and len(tokens) <= MAX_WORD_LINE_TOKENS


def diff_rows(old: str, new: str) -> Diff:
    """The rows that turn `old` into `new`."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    counts = {"added": 0, "removed": 0, "changed": 0}
    word_budget = MAX_WORD_WORK

    def removed(index: int) -> None:
        rows.append(DiffRow("removed", index + 1, None, f"<del>{escape(a[index])}</del>"))
        counts["removed"] += 1

    def added(index: int) -> None:
        rows.append(DiffRow("added", None, index + 1, f"<ins>{escape(b[index])}</ins>"))
        counts["added"] += 1

    for op, a1, a2, b1, b2 in _opcodes(a, b):
        if op == "equal":
            for offset in range(a2 - a1):
                rows.append(
                    DiffRow("same", a1 + offset + 1, b1 + offset + 1, escape(a[a1 + offset]))
                )
            continue
        paired = min(a2 - a1, b2 - b1) if op == "replace" else 0
        for offset in range(paired):
            old_line, new_line = a[a1 + offset], b[b1 + offset]
            if old_line == new_line:  # a block left without anchors may pair equal lines
                rows.append(DiffRow("same", a1 + offset + 1, b1 + offset + 1, escape(old_line)))
                continue
            # Tokens are counted only for lines short enough to be worth it.
            short = len(old_line) <= MAX_WORD_LINE_CHARS and len(new_line) <= MAX_WORD_LINE_CHARS
            old_tokens = _TOKENS.findall(old_line) if short else []
            new_tokens = _TOKENS.findall(new_line) if short else []
            work = len(old_tokens) * len(new_tokens)
            if (
                short
                and _short(old_tokens, old_line)
                and _short(new_tokens, new_line)
                and work <= word_budget
            ):
                word_budget -= work
                rows.append(
                    DiffRow(
                        "changed",
                        a1 + offset + 1,
                        b1 + offset + 1,
                        _words(old_tokens, new_tokens),
                    )
                )
                counts["changed"] += 1
            else:
                removed(a1 + offset)
                added(b1 + offset)
        for index in range(a1 + paired, a2):
            removed(index)
        for index in range(b1 + paired, b2):
            added(index)
    return Diff(rows=_fold(rows), **counts)
