"""Pairs of JD versions at their limits, for the diff's growth curve and worst cases.

Each case is two texts of about `chars` characters (the JD's limit is 20,000):

- `rewritten`: completely different texts (no line and few words in common);
- `one_word_per_line`: the same text with one word of every line changed;
- `long_line`: one single line with one word changed;
- `repeated`: many identical lines, with a block of them changed in the middle;
- `long_lines`: lines just under the word-level cap (395 characters), each rewritten, the
  most word-level work the caps allow;
- `paragraph`: one paragraph (a single line) rewritten word for word, the shape that took
  seconds with the word-level diff over the whole text (issue 18).
"""

from bench.jd_text import long_jd

JD_LIMIT = 20_000
WORDS = [
    *[
        "model",
        "data",
        "pipeline",
        "ranking",
        "feature",
        "store",
        "latency",
        "serving",
        "team",
        "review",
        "deploy",
    ],
    *[
        "metric",
        "offline",
        "online",
        "batch",
        "stream",
        "label",
        "drift",
        "cost",
        "budget",
        "owner",
    ],
]
OTHER = [
    *[
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
        "kilo",
        "lima",
    ],
    *["mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"],
]


def _fit(text: str, chars: int) -> str:
    while len(text) < chars:
        text += text
    return text[:chars]


def _prose(words: list[str], chars: int, seed: int) -> str:
    out, i = [], seed
    while sum(len(w) + 1 for w in out) < chars:
        out.append(words[(i * 7 + i // 3) % len(words)])
        i += 1
    return " ".join(out)[:chars]


def rewritten(chars: int) -> tuple[str, str]:
    old = _fit(long_jd(4000), chars)
    lines = [_prose(OTHER, max(len(line), 1), n) for n, line in enumerate(old.splitlines())]
    return old, "\n".join(lines)


def one_word_per_line(chars: int) -> tuple[str, str]:
    old = _fit(long_jd(4000), chars)
    new = []
    for line in old.splitlines():
        words = line.split(" ")
        if words and words[-1]:
            words[len(words) // 2] = "changed"
        new.append(" ".join(words))
    return old, "\n".join(new)


def long_line(chars: int) -> tuple[str, str]:
    old = _prose(WORDS, chars, 0)
    middle = old.index(" ", len(old) // 2)
    return old, old[:middle] + " CHANGED" + old[middle:]


def repeated(chars: int) -> tuple[str, str]:
    line = "- Ship models that real users depend on."
    count = max(chars // (len(line) + 1), 4)
    old = [line] * count
    new = list(old)
    third = count // 3
    new[third : 2 * third] = ["- Ship ranking models."] * third
    return "\n".join(old), "\n".join(new)


def long_lines(chars: int) -> tuple[str, str]:
    count = max(chars // 396, 1)
    old = "\n".join(_prose(WORDS, 395, n) for n in range(count))
    new = "\n".join(_prose(OTHER, 395, n) for n in range(count))
    return old, new


def paragraph(chars: int) -> tuple[str, str]:
    return _prose(WORDS, chars, 0), _prose(OTHER, chars, 5)


CASES = {
    "rewritten": rewritten,
    "one_word_per_line": one_word_per_line,
    "long_line": long_line,
    "repeated": repeated,
    "long_lines": long_lines,
    "paragraph": paragraph,
}
