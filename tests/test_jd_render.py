"""Safe Markdown, plain-text export, marked text and the version diff (pure, no database)."""

from jd.diff import diff_rows
from jd.lint import Span
from jd.render import mark_spans, render_markdown, render_plain


def test_it_shows_raw_html_and_scripts_as_text():
    html = render_markdown(
        "<script>alert('x')</script>\n\nHello <b>bold</b> <img src=x onerror=alert(1)>"
    )
    assert "<script" not in html
    assert "<b>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_it_refuses_javascript_and_data_links():
    html = render_markdown(
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](vbscript:x) "
        "[d](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)>"
    )
    assert "href" not in html
    assert "javascript:" in html  # shown as text, not linked


def test_it_links_ordinary_urls_without_endorsing_them():
    html = render_markdown("[Our blog](https://example.test/blog) and <https://example.test>")
    assert '<a href="https://example.test/blog" rel="nofollow noopener noreferrer">' in html
    assert html.count("<a ") == 2


def test_it_never_renders_an_image_a_browser_or_the_pdf_would_fetch():
    html = render_markdown("![tracker](https://evil.test/pixel.png)")
    assert "<img" not in html


def test_it_escapes_attribute_breakers_in_link_titles_and_urls():
    html = render_markdown('[x](https://a.test/"onmouseover="alert(1) "t"\'")')
    assert 'onmouseover="' not in html


def test_it_renders_headings_lists_and_emphasis():
    html = render_markdown("# Role\n\n- **Bold** item\n- second\n\n1. one")
    assert "<h1>Role</h1>" in html
    assert "<li><strong>Bold</strong> item</li>" in html
    assert "<ol>" in html


def test_it_turns_markdown_into_plain_text():
    text = render_plain(
        "# Senior ML Engineer\n\nYou will own the *ranking* model, see [our post](https://x.test).\n\n"
        "## Skills\n\n1. Production debugging\n2. Feature pipelines\n\n- a\n  - nested\n\n"
        "<b>not bold</b>\n"
    )
    assert text == (
        "Senior ML Engineer\n\n"
        "You will own the ranking model, see our post (https://x.test).\n\n"
        "Skills\n\n"
        "1. Production debugging\n2. Feature pipelines\n\n"
        "- a\n  - nested\n\n"
        "<b>not bold</b>\n"
    )


def test_it_returns_nothing_for_an_empty_text():
    assert render_plain("") == ""
    assert render_markdown("") == ""


def test_it_marks_spans_escaping_every_piece():
    text = "Hi <script>x</script> & bye"
    html = mark_spans(text, [Span(start=3, end=21, finding="jd.lint_aspiration")], {})
    assert html == (
        'Hi <mark class="lint-mark" data-finding="jd.lint_aspiration" '
        'title="jd.lint_aspiration">&lt;script&gt;x&lt;/script&gt;</mark> &amp; bye'
    )


def test_it_splits_overlapping_spans_at_each_boundary():
    spans = [Span(start=0, end=6, finding="jd.a"), Span(start=3, end=9, finding="jd.b")]
    html = mark_spans("abcdefghij", spans, {"jd.a": 'A "quoted"', "jd.b": "B"})
    assert html == (
        '<mark class="lint-mark" data-finding="jd.a" title="A &quot;quoted&quot;">abc</mark>'
        '<mark class="lint-mark" data-finding="jd.a jd.b" '
        'title="A &quot;quoted&quot;; B">def</mark>'
        '<mark class="lint-mark" data-finding="jd.b" title="B">ghi</mark>j'
    )


def test_it_ignores_spans_outside_the_text():
    assert mark_spans("abc", [Span(start=2, end=99, finding="jd.a")], {}) == "abc"


def test_it_diffs_versions_line_by_line_and_word_by_word():
    old = "# Role\n\nIt retrains nightly.\nNo degree is required.\nOld line.\n"
    new = "# Role\n\nIt retrains weekly.\nNo degree is required.\nNew <b>line</b>.\nExtra.\n"
    diff = diff_rows(old, new)
    kinds = [(row.kind, row.old_number, row.new_number) for row in diff.rows]
    assert kinds == [
        ("same", 1, 1),
        ("same", 2, 2),
        ("changed", 3, 3),
        ("same", 4, 4),
        ("changed", 5, 5),
        ("added", None, 6),
    ]
    assert diff.rows[2].html == (
        'It retrains <del><span class="visually-hidden">removed: </span>nightly</del>'
        '<ins><span class="visually-hidden">added: </span>weekly</ins>.'
    )
    assert "New &lt;b&gt;" in diff.rows[4].html
    assert "<b>" not in diff.rows[4].html
    assert (diff.changed, diff.added, diff.removed) == (2, 1, 0)
    assert diff.rows[2].label == "Changed"


def test_it_folds_long_unchanged_runs():
    old = "\n".join(f"line {i}" for i in range(30))
    new = old.replace("line 15", "line fifteen")
    rows = diff_rows(old, new).rows
    assert [row.kind for row in rows] == ["skip", "same", "same", "changed", "same", "same", "skip"]
    assert rows[0].skipped == 13
    assert rows[-1].skipped == 12


def test_it_says_when_versions_match():
    assert diff_rows("same\ntext", "same\ntext").identical


def test_it_renders_pasted_indentation_and_underlines_as_a_posting_means_them():
    # Indented by pasting: still a paragraph, not a code block.
    assert render_markdown("Intro\n\n    We ship weekly.\n") == (
        "<p>Intro</p>\n<p>We ship weekly.</p>\n"
    )
    # A line of dashes under a line of text: a rule, not a heading.
    assert render_markdown("About us\n---\nWe build.") == (
        "<p>About us</p>\n<hr />\n<p>We build.</p>\n"
    )
    # Headings are written with #.
    assert render_markdown("## About us") == "<h2>About us</h2>\n"
