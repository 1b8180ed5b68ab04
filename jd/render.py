"""A JD's Markdown made safe to show: HTML for the page and the PDF, plain text for export,
and the linted text with its findings marked.

`render_markdown` uses markdown-it's CommonMark preset with raw HTML off, so `<script>` or
`<b>` typed into a JD shows as text; its link check refuses `javascript:`, `vbscript:`, `file:`
and `data:` links. Images are switched off as well: a posting has no use for them, and an image
URL would make the browser, or WeasyPrint building the PDF, fetch whatever it points at.

Four more block rules are off because a job description has no use for them and each costs
time on every line of a long text (together a fifth of the render of a 20,000-character JD):
indented and fenced code (a paragraph indented by pasting stays a paragraph), link reference
definitions, and underlined ("setext") headings (a line of dashes under a line of text is a
rule, as it usually means in a pasted posting; headings are written with `#`).
"""

from collections.abc import Iterable
from html import escape
from itertools import pairwise

from markdown_it import MarkdownIt
from markdown_it.token import Token

from jd.lint import Span


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).disable(
        ["image", "code", "fence", "reference", "lheading"]
    )

    def link_open(self, tokens: list[Token], idx: int, options, env) -> str:
        # Links in a user's text are not endorsed by us, and never get window.opener.
        tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


_MD = _markdown()


def render_markdown(text: str) -> str:
    """Safe HTML for a JD's Markdown: raw HTML escaped, unsafe links left as text, no images."""
    return _MD.render(text or "")


# ----------------------------------------------------------------------------- plain text
def _inline_text(token: Token) -> str:
    out: list[str] = []
    links: list[tuple[int, str]] = []  # (where the link text starts in out, its href)
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "link_open":
            links.append((len(out), str(child.attrGet("href") or "")))
        elif child.type == "link_close" and links:
            start, href = links.pop()
            label = "".join(out[start:])
            if href and href not in (label, f"mailto:{label}"):
                out.append(f" ({href})")
    return "".join(out)


def render_plain(text: str) -> str:
    """The JD as plain text: headings, paragraphs and lists kept, Markdown marks removed."""
    blocks: list[tuple[str, str]] = []  # ("item", "block" or "end" of a list, text)
    lists: list[list[int | None]] = []  # per open list: [next number], or [None] for bullets
    prefix = ""
    for token in _MD.parse(text or ""):
        if token.type == "bullet_list_open":
            lists.append([None])
        elif token.type == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                blocks.append(("end", ""))  # a blank line before whatever follows the list
        elif token.type == "list_item_open":
            counter = lists[-1]
            indent = "  " * (len(lists) - 1)
            prefix = f"{indent}- " if counter[0] is None else f"{indent}{counter[0]}. "
            if counter[0] is not None:
                counter[0] += 1
        elif token.type == "inline":
            content = _inline_text(token)
            if prefix:
                blocks.append(("item", prefix + content.replace("\n", "\n" + " " * len(prefix))))
                prefix = ""
            else:
                blocks.append(("block", content))
        elif token.type in ("fence", "code_block"):
            blocks.append(("block", token.content.rstrip("\n")))
        elif token.type == "hr":
            blocks.append(("block", "----"))
    out: list[str] = []
    previous = ""
    for kind, content in blocks:
        if kind == "end":
            previous = kind
            continue
        if out:
            out.append("\n" if kind == previous == "item" else "\n\n")
        out.append(content)
        previous = kind
    return "".join(out).strip() + "\n" if out else ""


# ----------------------------------------------------------------------------- highlighting
def mark_spans(text: str, spans: Iterable[Span], titles: dict[str, str]) -> str:
    """The text as HTML with each span in a <mark>; every piece of text is escaped.

    Overlapping spans are cut at each boundary, so a piece covered by two findings is one
    <mark> naming both.
    """
    spans = [span for span in spans if 0 <= span.start < span.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    events: dict[int, list[tuple[int, Span]]] = {}
    for span in spans:
        events.setdefault(span.start, []).append((1, span))
        events.setdefault(span.end, []).append((-1, span))
    active: list[Span] = []
    out: list[str] = []
    for start, end in pairwise(cuts):
        for change, span in events.get(start, []):
            if change < 0:
                active.remove(span)
            else:
                active.append(span)
        piece = escape(text[start:end])
        if active:
            ids = list(dict.fromkeys(span.finding for span in active))
            title = "; ".join(titles.get(finding, finding) for finding in ids)
            out.append(
                f'<mark class="lint-mark" data-finding="{escape(" ".join(ids))}" '
                f'title="{escape(title)}">{piece}</mark>'
            )
        else:
            out.append(piece)
    return "".join(out)
