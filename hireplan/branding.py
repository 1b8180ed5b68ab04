"""The staffing firm's brand: its name, logo, accent colour and contact line, as the client
sees them on the brief and in the app's top bar. Set in the admin (one `FirmBrand` row); without
it, Hireplan is neutral ("Hiring brief", no logo).

The logo is uploaded by a person with admin rights but shown to every client, inside the app
and in the PDF brief, so it is treated as hostile input:

- PNG: the magic bytes, then Pillow must open it as a PNG within PNG_MAX_BYTES and
  PNG_MAX_SIDE × PNG_MAX_SIDE pixels (checked from the header, before any pixel is decoded, so
  a small file that inflates to gigabytes is refused first); it is then re-encoded, which keeps
  the pixels and drops every other chunk (text, colour profiles, anything appended).
- SVG: parsed with the standard library's expat, refusing any DTD (so no entities, internal
  or external, and no "billion laughs"), within SVG_MAX_BYTES, SVG_MAX_ELEMENTS elements and
  SVG_MAX_DEPTH levels; then written out again from an allow-list of SVG elements and
  attributes. Scripts, event handlers, <foreignObject>, links to anything but a "#id" in the
  same file and CSS that could fetch (url() to elsewhere, @import, escapes) are *refused*, so
  the admin knows their file was not what it seemed; editor metadata and other harmless
  unknowns are simply left out.

Nothing in a logo is ever fetched: the stored bytes are embedded as a data: URI.
"""

import base64
import io
import re
import unicodedata
import xml.parsers.expat
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from PIL import Image

from hireplan.engine.answers.titles import BIDI_CONTROLS, LINE_BREAKING
from hireplan.models import FirmBrand

PNG_TYPE = "image/png"
SVG_TYPE = "image/svg+xml"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# A logo shows at most a few hundred pixels wide (top bar, brief header); these bounds leave
# room for a sharp print copy and refuse anything that is clearly not a logo.
PNG_MAX_BYTES = 512 * 1024
PNG_MAX_SIDE = 2000
SVG_MAX_BYTES = 256 * 1024
SVG_MAX_ELEMENTS = 2000
SVG_MAX_DEPTH = 40
# The most the upload field reads of any file before deciding what it is.
LOGO_MAX_BYTES = max(PNG_MAX_BYTES, SVG_MAX_BYTES)

NAME_MAX = 80
CONTACT_MAX = 160
ACCENT_PATTERN = re.compile(r"#[0-9a-f]{6}")


@dataclass(frozen=True)
class Brand:
    name: str
    accent: str  # "#1f4e79", or "" for Hireplan's own
    contact: str
    logo_data_uri: str  # "data:image/png;base64,…", or "" without a logo

    @property
    def is_set(self) -> bool:
        return bool(self.name)


NEUTRAL = Brand(name="", accent="", contact="", logo_data_uri="")


def current_brand() -> Brand:
    """The firm's brand as set in the admin, else NEUTRAL: one query. The logo was validated
    and sanitized when it was uploaded, so it is embedded as it is stored."""
    row = FirmBrand.objects.order_by("pk").first()
    return NEUTRAL if row is None else brand_of(row)


def brand_of(row: FirmBrand) -> Brand:
    """One FirmBrand row as the pages and the brief show it."""
    logo = bytes(row.logo or b"")
    uri = (
        f"data:{row.logo_type};base64,{base64.b64encode(logo).decode('ascii')}"
        if logo and row.logo_type in {PNG_TYPE, SVG_TYPE}
        else ""
    )
    # The accent lands in a style attribute: a row written around the admin's form (a shell,
    # a fixture) must not carry anything but a colour there.
    accent = row.accent if ACCENT_PATTERN.fullmatch(row.accent or "") else ""
    return Brand(name=row.name, accent=accent, contact=row.contact, logo_data_uri=uri)


_REQUEST_ATTRIBUTE = "_hireplan_brand"


def request_brand(request: HttpRequest) -> Brand:
    """current_brand(), read once per request however many templates ask. Nothing is kept
    between requests, so a save in the admin shows on the very next page."""
    brand = getattr(request, _REQUEST_ATTRIBUTE, None)
    if brand is None:
        brand = current_brand()
        setattr(request, _REQUEST_ATTRIBUTE, brand)
    return brand


# ----------------------------------------------------------------------------- text fields
def clean_accent(value: str) -> str:
    """'#1F4E79 ' is '#1f4e79'; empty keeps Hireplan's own colours."""
    value = value.strip().lower()
    if value and not ACCENT_PATTERN.fullmatch(value):
        raise ValidationError(
            "Give the accent as a hex colour: “#” then six digits or letters a–f, "
            "such as #1f4e79. Leave it empty for Hireplan’s own colours.",
            code="accent",
        )
    return value


def clean_one_line(value: str, what: str) -> str:
    """The name and the contact line print in the top bar and the brief's header: one line of
    text, without control codes or invisible direction overrides that would reorder it."""
    if any(unicodedata.category(ch) in LINE_BREAKING for ch in value):
        raise ValidationError(
            f"Keep the {what} to one line of plain text: it holds a line break or control code.",
            code="one_line",
        )
    if any(ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(
            f"The {what} holds an invisible direction override that changes how it displays. "
            "Type it again without pasting.",
            code="bidi",
        )
    return value


# ----------------------------------------------------------------------------- logo
@dataclass(frozen=True)
class Logo:
    data: bytes
    mime: str


def _size(count: int) -> str:
    return f"{round(count / 1024)} KB"


def checked_logo(data: bytes, filename: str = "") -> Logo:
    """An uploaded logo, sanitized, or a ValidationError saying what is wrong with it. The
    file's content decides its kind; the name only tells us what the admin meant to send."""
    name = filename.lower()
    if data.startswith(PNG_MAGIC):
        return checked_png(data)
    if name.endswith(".png"):
        raise ValidationError(
            "This file is named .png but is not a PNG image. Export the logo again as PNG or SVG.",
            code="fake_png",
        )
    head = data[:512].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if name.endswith(".svg") or head.startswith(b"<"):
        return checked_svg(data)
    raise ValidationError(
        "Upload the logo as an SVG or a PNG file.",
        code="logo_type",
    )


def checked_png(data: bytes) -> Logo:
    if len(data) > PNG_MAX_BYTES:
        raise ValidationError(
            f"The PNG is {_size(len(data))}; a logo may be at most {_size(PNG_MAX_BYTES)}. "
            "Export it smaller, or as SVG.",
            code="too_big",
        )
    if not data.startswith(PNG_MAGIC):
        raise ValidationError("This file is not a PNG image.", code="fake_png")
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            width, height = image.size
            if width > PNG_MAX_SIDE or height > PNG_MAX_SIDE:
                raise ValidationError(
                    f"The PNG is {width} × {height} pixels; a logo may be at most "
                    f"{PNG_MAX_SIDE} × {PNG_MAX_SIDE}. Export it smaller.",
                    code="too_large",
                )
            image.load()
            out = io.BytesIO()
            # Re-encoding keeps the pixels (and transparency) and drops every other chunk.
            image.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    # Pillow reports a broken or truncated file with any of these (SyntaxError included).
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "This PNG could not be read: it may be damaged or cut short. Export it again.",
            code="bad_png",
        ) from error
    return Logo(data=out.getvalue(), mime=PNG_TYPE)


def checked_svg(data: bytes) -> Logo:
    try:
        clean = sanitize_svg(data)
    except SvgRefused as refusal:
        raise ValidationError(str(refusal), code="bad_svg") from refusal
    if clean.refused:
        parts = ", ".join(clean.refused[:4])
        raise ValidationError(
            f"This SVG holds parts a logo may not have: {parts}. Export it again as a plain "
            "SVG (shapes, text and colours only) or upload a PNG.",
            code="unsafe_svg",
        )
    return Logo(data=clean.data, mime=SVG_TYPE)


# ----------------------------------------------------------------------------- SVG sanitizer
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# What a logo draws with: shapes, text, groups, gradients, clips and masks, and <use> of a
# shape in the same file. No animation (it can rewrite attributes), no <image>, no <a>.
ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "symbol", "use", "style",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan",
        "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern",
    }
)  # fmt: skip
# Elements whose text is part of the drawing (or its styling).
TEXT_ELEMENTS = frozenset({"title", "desc", "text", "tspan", "style"})
# Presentation and geometry only. href is handled on its own (local "#id" only).
ALLOWED_ATTRIBUTES = frozenset(
    {
        "id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "version",
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
        "width", "height", "d", "points", "pathLength", "dx", "dy", "rotate",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
        "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
        "stroke-dashoffset", "opacity", "color", "display", "visibility",
        "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits",
        "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
        "spreadMethod", "patternUnits", "patternContentUnits", "patternTransform",
        "font-family", "font-size", "font-weight", "font-style", "text-anchor",
        "dominant-baseline", "letter-spacing", "word-spacing", "text-decoration",
        "textLength", "lengthAdjust",
    }
)  # fmt: skip
# Elements that run code or pull in other content: their presence refuses the file.
DANGEROUS_ELEMENTS = {
    "script": "a script (<script>)",
    "foreignobject": "embedded HTML (<foreignObject>)",
    "iframe": "an embedded page (<iframe>)",
    "object": "an embedded object (<object>)",
    "embed": "an embedded object (<embed>)",
    "handler": "a script (<handler>)",
    "listener": "an event listener (<listener>)",
}
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


class SvgRefused(ValueError):
    """The file cannot be read as a safe SVG at all (the message says why, for the admin)."""


@dataclass(frozen=True)
class CleanSvg:
    data: bytes
    # The unsafe parts found, in words ("a script (<script>)"); they are not in `data`.
    refused: tuple[str, ...] = ()
    # Harmless parts left out: editor metadata, elements and attributes not on the lists.
    dropped: tuple[str, ...] = ()


def _is_local_fragment(value: str) -> bool:
    return re.fullmatch(r"#[A-Za-z_][\w.\-]*", value.strip()) is not None


def _value_problem(value: str) -> str | None:
    """Why an attribute's value could fetch or run something; None when it cannot."""
    squashed = re.sub(r"\s+", "", value).lower()
    if "javascript:" in squashed:
        return "a javascript: link"
    for target in _URL.findall(value):
        if not _is_local_fragment(target):
            return f"a link to another file (url({target[:40]}))"
    return None


def _css_problem(css: str) -> str | None:
    """Why a style attribute or <style> sheet could fetch something; None when it cannot.
    Escapes are refused because they can spell "url(" without the letters."""
    lowered = css.lower()
    if "\\" in css:
        return "escaped characters in a style"
    if "@import" in lowered or "@font-face" in lowered:
        return "a style that loads another file (@import or @font-face)"
    if "image-set(" in lowered or "expression(" in lowered:
        return "a style that loads another file"
    return _value_problem(css)


@dataclass
class _Writer:
    """The expat handlers' state: one pass over the file, writing only what is allowed."""

    out: list[str] = field(default_factory=list)
    # One entry per open element: its name if it is being written, else None.
    stack: list[str | None] = field(default_factory=list)
    style_text: list[str] = field(default_factory=list)
    count: int = 0
    refused: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def refuse(self, what: str) -> None:
        if what not in self.refused:
            self.refused.append(what)

    def drop(self, what: str) -> None:
        if what not in self.dropped:
            self.dropped.append(what)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.count += 1
        if self.count > SVG_MAX_ELEMENTS:
            raise SvgRefused(
                f"This SVG has more than {SVG_MAX_ELEMENTS} elements; a logo needs far fewer. "
                "Simplify it, or upload a PNG."
            )
        if len(self.stack) >= SVG_MAX_DEPTH:
            raise SvgRefused(
                f"This SVG nests elements more than {SVG_MAX_DEPTH} deep. Simplify it, or "
                "upload a PNG."
            )
        namespace, _, tag = name.rpartition(" ")
        if not self.stack and tag == "svg" and namespace == "":
            raise SvgRefused(
                'This SVG does not declare its namespace (xmlns="http://www.w3.org/2000/svg"), '
                "so browsers will not show it as an image. Export it again."
            )
        if not self.stack and (namespace != SVG_NS or tag != "svg"):
            raise SvgRefused(
                "This file is not an SVG image (its first element is not an SVG <svg>)."
            )
        if tag.lower() in DANGEROUS_ELEMENTS:
            self.refuse(DANGEROUS_ELEMENTS[tag.lower()])
        kept_attrs = self._attributes(tag, attrs)
        parent_written = not self.stack or self.stack[-1] is not None
        written = parent_written and namespace == SVG_NS and tag in ALLOWED_ELEMENTS
        if not written:
            if parent_written and tag.lower() not in DANGEROUS_ELEMENTS:
                self.drop(f"<{tag}>")
            self.stack.append(None)
            return
        if not self.stack:
            kept_attrs.insert(0, ("xmlns", SVG_NS))
        rendered = "".join(f" {key}={quoteattr(value)}" for key, value in kept_attrs)
        self.out.append(f"<{tag}{rendered}>")
        self.stack.append(tag)
        if tag == "style":
            self.style_text = []

    def _attributes(self, tag: str, attrs: dict[str, str]) -> list[tuple[str, str]]:
        kept: list[tuple[str, str]] = []
        for qualified, value in attrs.items():
            namespace, _, attr = qualified.rpartition(" ")
            if attr.lower().startswith("on"):
                self.refuse(f"an event handler ({attr})")
                continue
            if attr == "href" and namespace in {"", XLINK_NS}:
                if _is_local_fragment(value):
                    kept.append(("href", value.strip()))
                else:
                    self.refuse(f"a link to another file (<{tag} href>)")
                continue
            problem = _css_problem(value) if attr == "style" else _value_problem(value)
            if problem:
                self.refuse(problem)
                continue
            if namespace == "" and attr in ALLOWED_ATTRIBUTES:
                kept.append((attr, value))
            else:
                self.drop(attr)
        return kept

    def end(self, name: str) -> None:
        tag = self.stack.pop()
        if tag is None:
            return
        if tag == "style":
            css = "".join(self.style_text)
            if problem := _css_problem(css):
                self.refuse(problem)
            else:
                self.out.append(escape(css))
        self.out.append(f"</{tag}>")

    def text(self, data: str) -> None:
        tag = self.stack[-1] if self.stack else None
        if tag == "style":
            self.style_text.append(data)
        elif tag in TEXT_ELEMENTS:
            self.out.append(escape(data))

    def instruction(self, target: str, data: str) -> None:
        # <?xml-stylesheet href="…"?> would load a style sheet from elsewhere.
        if target.lower() == "xml-stylesheet":
            self.refuse("a link to a style sheet (<?xml-stylesheet?>)")


def _refuse_dtd(*_: Any) -> None:
    raise SvgRefused(
        "This SVG declares a DTD or entities (<!DOCTYPE …>), which a logo does not need and "
        "which can pull in other files. Export it again without the DOCTYPE line."
    )


def sanitize_svg(data: bytes) -> CleanSvg:
    """The SVG rewritten from the allow-lists, with what was refused and what was left out.
    Raises SvgRefused when the file is too big, not well-formed, not an SVG, or has a DTD."""
    if len(data) > SVG_MAX_BYTES:
        raise SvgRefused(
            f"The SVG is {_size(len(data))}; a logo may be at most {_size(SVG_MAX_BYTES)}. "
            "Simplify it, or upload a PNG."
        )
    writer = _Writer()
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    # No DTD at all: its internal subset is where entities (and entity bombs) are declared.
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.buffer_text = True
    parser.StartElementHandler = writer.start
    parser.EndElementHandler = writer.end
    parser.CharacterDataHandler = writer.text
    parser.ProcessingInstructionHandler = writer.instruction
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise SvgRefused(
            f"This SVG could not be read (line {error.lineno}: "
            f"{xml.parsers.expat.ErrorString(error.code)}). Export it again, or upload a PNG."
        ) from error
    if not writer.out:
        raise SvgRefused("This file is not an SVG image.")
    return CleanSvg(
        data="".join(writer.out).encode("utf-8"),
        refused=tuple(writer.refused),
        dropped=tuple(writer.dropped),
    )
