"""What a title may hold: one line of visible text.

A title travels further than any other answer: into page headings, file names, the PDF brief
and email subject lines. So it refuses what could break or disguise those places:
- control characters and line separators (CR and LF above all: in a subject line they would
  start a new header),
- bidirectional overrides and isolates (they reorder what a reader sees, so "invoice.pdf"
  can display as something else), and
- titles with nothing visible in them (zero-width or blank-looking characters only).
Right-to-left text itself is welcome; only the invisible controls that re-order it are not.
"""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator

# Control characters, and the line and paragraph separators U+2028 and U+2029: Python's email
# package refuses those in a header as it does CR and LF, and text tools break lines on them.
LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})
# U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters that draw nothing: Hangul fillers, the braille blank, the half-width filler.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\u2800\uffa0")


def title_problem(value: str) -> str | None:
    """Why `value` cannot be a title, in plain words; None when it can."""
    if any(unicodedata.category(ch) in LINE_BREAKING for ch in value):
        return "Keep the title to one line of plain text: it holds a line break or control code."
    if any(ch in BIDI_CONTROLS for ch in value):
        return (
            "The title holds an invisible direction override that changes how it displays. "
            "Type it again without pasting."
        )
    if not any(_visible(ch) for ch in value):
        return "The title has no visible characters. Give it a name people can read."
    return None


def _visible(ch: str) -> bool:
    # Separators (spaces) and format characters (zero-width space, joiners, marks) draw nothing.
    return ch not in BLANK_LETTERS and unicodedata.category(ch)[0] not in {"Z", "C"}


def check_title(value: str) -> str:
    if problem := title_problem(value):
        raise ValueError(problem)
    return value


# Every title in an answer, an import or a form goes through this one check.
Title = Annotated[str, AfterValidator(check_title)]


def cleaned_title(value: str, fallback: str) -> str:
    """A title stored before these checks, made one that passes them: line breaks and control
    codes become spaces, direction controls go, runs of spaces shrink to one; what is left
    with nothing visible (or a single character) becomes `fallback`."""
    text = one_line("".join(ch for ch in value if ch not in BIDI_CONTROLS))
    return text if len(text) >= 2 and title_problem(text) is None else fallback


def one_line(text: str) -> str:
    """`text` on one line: line breaks and control codes become spaces, and each run of spaces
    one. Titles stored before the checks are cleaned with it, and so is every email header."""
    kept = "".join(" " if unicodedata.category(ch) in LINE_BREAKING else ch for ch in text)
    return " ".join(kept.split())
