"""What a browser would post: the fields of a page's forms, read from its HTML.

The bench saves each wizard step with exactly the data its own page offers (every input,
checked box, selected option and textarea of the form), so a save is always valid data that
the page itself produced, and the bench needs no per-step knowledge of the forms. The load and
fault runs (bench/load.py) read pages the same way.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    """The forms of a page as a browser would submit them (buttons left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: dict | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {
                "id": a.get("id"),
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
            }
            self._form["fields"] = []
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
                return
            self._form["fields"].append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}
            self._select["options"].append(self._option)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self._form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"]
                value = "".join(option["text"]).strip() if value is None else value
                self._form["fields"].append((self._select["name"], value))
            self._select = None


def page_forms(html: str) -> list[dict]:
    """Each form of the page: {"id", "action", "method", "fields": [(name, value), ...]}."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def read_form(html: str, form_id: str = "step-form") -> tuple[str | None, list[tuple[str, str]]]:
    """The form's action attribute and its fields as (name, value) pairs, in page order."""
    for form in page_forms(html):
        if form["id"] == form_id:
            return form["action"], form["fields"]  # the parser has unescaped it
    raise ValueError(f"the page has no form with id {form_id!r}")


def as_post(fields: list[tuple[str, str]], **replace: str) -> dict[str, str | list[str]]:
    """The pairs as the test client's POST data (repeated names become lists)."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    out: dict[str, str | list[str]] = {k: v[0] if len(v) == 1 else v for k, v in data.items()}
    out.update(replace)
    return out
