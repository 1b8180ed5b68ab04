"""What a browser would post: the fields of a page's form, read from its HTML.

The bench saves each wizard step with exactly the data its own page offers (every input,
checked box, selected option and textarea of the form), so a save is always valid data that
the page itself produced, and the bench needs no per-step knowledge of the forms.
"""

from html import unescape
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_multiple = False
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
            self.action = a.get("action", "")
            return
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
                return
            self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_multiple, self._options = name, "multiple" in a, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._select_multiple and self._options:
                chosen = [self._options[0][0]]  # a browser submits the first option
            self.fields += [(self._select, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)


def read_form(html: str, form_id: str = "step-form") -> tuple[str | None, list[tuple[str, str]]]:
    """The form's action attribute and its fields as (name, value) pairs, in page order."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    if reader.action is None:
        raise ValueError(f"the page has no form with id {form_id!r}")
    return unescape(reader.action), reader.fields


def as_post(fields: list[tuple[str, str]], **replace: str) -> dict[str, str | list[str]]:
    """The pairs as the test client's POST data (repeated names become lists)."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    out: dict[str, str | list[str]] = {k: v[0] if len(v) == 1 else v for k, v in data.items()}
    out.update(replace)
    return out
