"""The JD version diff at its limits (issue 18): what it shows, not how fast (see `make bench`).

The worst cases come from `bench/diff_cases.py`, the same ones the bench times.
"""

import random

import pytest

from bench.diff_cases import CASES, JD_LIMIT, long_line, one_word_per_line, repeated
from jd import diff as jd_diff
from jd.diff import MAX_WORD_LINE_CHARS, _opcodes, diff_rows


def unfolded(old: str, new: str) -> list:
    """The rows without folding, to check every line."""
    original = jd_diff._fold
    try:
        jd_diff._fold = lambda rows: rows
        return diff_rows(old, new).rows
    finally:
        jd_diff._fold = original


def rebuild(rows: list) -> tuple[list[int], list[int]]:
    old = [r.old_number for r in rows if r.old_number is not None]
    new = [r.new_number for r in rows if r.new_number is not None]
    return old, new


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_worst_case_accounts_for_every_line(name):
    old, new = CASES[name](JD_LIMIT)
    rows = unfolded(old, new)
    old_numbers, new_numbers = rebuild(rows)
    assert old_numbers == list(range(1, len(old.splitlines()) + 1))
    assert new_numbers == list(range(1, len(new.splitlines()) + 1))
    diff = diff_rows(old, new)
    assert not diff.identical


def test_one_word_changed_on_every_line_is_marked_on_every_line():
    old, new = one_word_per_line(JD_LIMIT)
    diff = diff_rows(old, new)
    changed = [row for row in diff.rows if row.kind == "changed"]
    assert changed and diff.changed == len(changed)
    assert diff.added == diff.removed == 0
    for row in changed:
        assert '<ins><span class="visually-hidden">added: </span>changed</ins>' in row.html


def test_a_huge_single_line_falls_back_to_removed_and_added_whole():
    old, new = long_line(JD_LIMIT)
    assert len(old) > MAX_WORD_LINE_CHARS
    diff = diff_rows(old, new)
    assert [(row.kind, row.old_number, row.new_number) for row in diff.rows] == [
        ("removed", 1, None),
        ("added", None, 1),
    ]
    assert (diff.changed, diff.added, diff.removed) == (0, 1, 1)
    assert diff.rows[1].html.startswith("<ins>") and "CHANGED" in diff.rows[1].html


def test_escaping_holds_in_word_level_and_whole_line_rows():
    long_tail = " word" * 100  # over the word-level cap
    old = f"<b>bold</b> & keep\n<script>x</script>{long_tail}\nsame\n"
    new = f"<b>bolder</b> & keep\n<script>y</script>{long_tail}\nsame\n"
    diff = diff_rows(old, new)
    html = "".join(row.html for row in diff.rows)
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;" in html and "&lt;script&gt;" in html and "&amp; keep" in html
    kinds = [row.kind for row in diff.rows]
    assert kinds == ["changed", "removed", "added", "same"]
    assert "<del>" in diff.rows[0].html and "bolder" in diff.rows[0].html


def test_repeated_identical_lines_find_the_changed_block():
    old, new = repeated(JD_LIMIT)
    diff = diff_rows(old, new)
    a, b = old.splitlines(), new.splitlines()
    assert diff.changed == sum(x != y for x, y in zip(a, b, strict=True))
    assert diff.added == diff.removed == 0
    assert diff.rows[0].kind == "skip"  # the unchanged head folds


def test_moved_and_inserted_lines_in_a_long_text_keep_the_rest_unchanged():
    lines = [f"- line {n} about the ranking model" for n in range(400)]
    new = [*lines[:100], "- a new line", *lines[100:300], *lines[350:], *lines[300:350]]
    diff = diff_rows("\n".join(lines), "\n".join(new))
    assert diff.added == 1 + 50 and diff.removed == 50 and diff.changed == 0


def test_the_word_budget_shows_the_rest_whole(monkeypatch):
    monkeypatch.setattr(jd_diff, "MAX_WORD_WORK", 30)
    old = "one two three\nfour five six\n"
    new = "one 2 three\nfour 5 six\n"
    diff = diff_rows(old, new)
    assert [row.kind for row in diff.rows] == ["changed", "removed", "added"]


@pytest.mark.parametrize("seed", range(30))
def test_line_opcodes_turn_old_into_new(seed, monkeypatch):
    rng = random.Random(seed)
    if seed % 2:
        monkeypatch.setattr(jd_diff, "SMALL_GAP", 0)  # patience anchors even on small texts
    vocab = [f"line {n}" for n in range(rng.choice([3, 20, 200]))]
    a = [rng.choice(vocab) for _ in range(rng.randint(0, 120))]
    b = list(a)
    for _ in range(rng.randint(0, 15)):
        at = rng.randint(0, len(b))
        action = rng.choice(["insert", "delete", "replace"])
        if action == "insert" or not b:
            b.insert(at, rng.choice(vocab))
        elif action == "delete":
            del b[min(at, len(b) - 1)]
        else:
            b[min(at, len(b) - 1)] = rng.choice(vocab) + " edited"
    rebuilt: list[str] = []
    i = j = 0
    for op, a1, a2, b1, b2 in _opcodes(a, b):
        assert (a1, b1) == (i, j)
        if op == "equal":
            assert a[a1:a2] == b[b1:b2]
        rebuilt += b[b1:b2]
        i, j = a2, b2
    assert (i, j) == (len(a), len(b))
    assert rebuilt == b
