"""The firm's brand (issue 20): set in the admin (one row; the logo a PNG or a sanitized SVG,
refused with a message beside the field when it is not safe), shown in the top bar; the
footer names no other firm and /guide/ credits the guide once."""

import base64
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from hireplan import branding
from hireplan.branding import (
    NEUTRAL,
    PNG_MAX_BYTES,
    PNG_MAX_SIDE,
    SVG_MAX_ELEMENTS,
    SvgRefused,
    clean_accent,
    current_brand,
    sanitize_svg,
)
from hireplan.models import FirmBrand
from hireplan.reference import load_reference

ADD_URL = reverse("admin:hireplan_firmbrand_add")
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">'
LOGO_SVG = (
    SVG_OPEN
    + '<rect x="1" y="1" width="18" height="18" fill="#1f4e79"/>'
    + '<circle cx="30" cy="10" r="8" fill="url(#fade)"/>'
    + '<defs><linearGradient id="fade"><stop offset="0" stop-color="#fff"/></linearGradient>'
    + "</defs></svg>"
)


def png_bytes(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (31, 78, 121, 255)).save(out, format="PNG")
    return out.getvalue()


def svg(body: str, *, open_tag: str = SVG_OPEN) -> bytes:
    return f"{open_tag}{body}</svg>".encode()


def upload(name: str, data: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def brand_post(**changes) -> dict:
    data = {"name": "Northwind Talent", "accent": "#1F4E79", "contact": "Dana Reyes · 555 0100"}
    data.update(changes)
    return data


def field_errors(response, name: str) -> list[str]:
    return list(response.context["adminform"].form.errors.get(name, []))


@pytest.fixture
def staff(admin_client):
    return admin_client


# ----------------------------------------------------------------------------- the admin
def test_the_admin_saves_a_png_logo_re_encoded(staff):
    response = staff.post(
        ADD_URL, brand_post(logo_file=upload("logo.png", png_bytes(), "image/png"))
    )
    assert response.status_code == 302
    row = FirmBrand.objects.get()
    assert (row.name, row.accent, row.contact) == (
        "Northwind Talent",
        "#1f4e79",
        "Dana Reyes · 555 0100",
    )
    assert row.logo_type == "image/png"
    with Image.open(io.BytesIO(bytes(row.logo))) as image:
        assert image.format == "PNG" and image.size == (40, 20)
    assert current_brand().logo_data_uri.startswith("data:image/png;base64,")


def test_the_admin_saves_an_svg_logo_sanitized(staff):
    metadata = (
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
    )
    data = svg(metadata + '<rect width="10" height="10" fill="red"/>')
    response = staff.post(ADD_URL, brand_post(logo_file=upload("logo.svg", data, "image/svg+xml")))
    assert response.status_code == 302
    row = FirmBrand.objects.get()
    assert row.logo_type == "image/svg+xml"
    stored = bytes(row.logo).decode()
    assert '<rect width="10" height="10" fill="red">' in stored
    assert "metadata" not in stored and "rdf" not in stored


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.png", b"GIF89a not a png at all", "named .png but is not a PNG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "could not be read"),
        ("logo.png", png_bytes()[:-1] + b"\x00" * (PNG_MAX_BYTES + 1), "at most 512 KB"),
        ("logo.png", png_bytes(PNG_MAX_SIDE + 1, 10), f"at most {PNG_MAX_SIDE} × {PNG_MAX_SIDE}"),
        ("logo.svg", svg("<script>alert(1)</script>"), "a script (&lt;script&gt;)"),
        ("logo.svg", svg("", open_tag=SVG_OPEN.replace(">", ' onload="alert(1)">')), "onload"),
        ("logo.svg", svg('<use href="https://evil.example/x.svg#a"/>'), "link to another file"),
        (
            "logo.svg",
            svg(
                '<use xmlns:xlink="http://www.w3.org/1999/xlink" '
                'xlink:href="data:image/svg+xml;base64,AAAA"/>'
            ),
            "link to another file",
        ),
        ("logo.svg", svg('<rect style="fill: url(https://evil.example/a)"/>'), "another file"),
        (
            "logo.svg",
            b'<!DOCTYPE svg [<!ENTITY x "y">]>' + svg("<text>&x;</text>"),
            "DTD or entities",
        ),
        (
            "logo.svg",
            svg('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>'),
            "foreignObject",
        ),
        ("logo.svg", svg("<rect>"), "could not be read"),
        ("logo.svg", b"<svg><rect/></svg>", "does not declare its namespace"),
        ("logo.svg", b"<html xmlns='http://www.w3.org/1999/xhtml'/>", "not an SVG"),
        ("logo.jpg", b"\xff\xd8\xff\xe0 a jpeg", "SVG or a PNG"),
    ],
    ids=[
        "fake-png",
        "broken-png",
        "oversize-png",
        "too-many-pixels",
        "script",
        "onload",
        "external-href",
        "data-xlink-href",
        "style-url",
        "dtd-entity",
        "foreign-object",
        "malformed",
        "no-namespace",
        "not-svg",
        "jpeg",
    ],
)
def test_the_admin_refuses_a_bad_logo_beside_the_field(staff, name, data, message):
    response = staff.post(
        ADD_URL, brand_post(logo_file=upload(name, data, "application/octet-stream"))
    )
    assert response.status_code == 200
    errors = field_errors(response, "logo_file")
    assert errors, response.context["adminform"].form.errors
    assert message.replace("&lt;", "<").replace("&gt;", ">") in " ".join(errors)
    assert message in response.text  # on the page, escaped
    assert not FirmBrand.objects.exists()


def test_the_admin_refuses_an_oversize_svg(staff):
    padding = "<!--" + "x" * (branding.SVG_MAX_BYTES) + "-->"
    response = staff.post(
        ADD_URL, brand_post(logo_file=upload("logo.svg", svg(padding), "image/svg+xml"))
    )
    assert "a logo may be at most 256 KB" in " ".join(field_errors(response, "logo_file"))


def test_the_admin_refuses_a_bad_accent_and_multi_line_text(staff):
    response = staff.post(ADD_URL, brand_post(accent="navy", contact="one\nline"))
    assert response.status_code == 200
    assert "Give the accent as a hex colour" in " ".join(field_errors(response, "accent"))
    assert "one line of plain text" in " ".join(field_errors(response, "contact"))
    too_long = staff.post(ADD_URL, brand_post(name="N" * 81))
    assert field_errors(too_long, "name")
    assert not FirmBrand.objects.exists()


def test_a_logo_needs_a_name_to_show_beside(staff):
    response = staff.post(
        ADD_URL, brand_post(name="", logo_file=upload("logo.png", png_bytes(), "image/png"))
    )
    assert "Give the firm’s name" in " ".join(field_errors(response, "name"))


def test_the_admin_keeps_one_row_and_removes_the_logo(staff):
    staff.post(ADD_URL, brand_post(logo_file=upload("logo.png", png_bytes(), "image/png")))
    row = FirmBrand.objects.get()
    # No second row: the add page is forbidden and the list opens the one row.
    assert staff.get(ADD_URL).status_code == 403
    assert staff.post(ADD_URL, brand_post(name="Second")).status_code == 403
    change_url = reverse("admin:hireplan_firmbrand_change", args=[row.pk])
    listing = staff.get(reverse("admin:hireplan_firmbrand_changelist"))
    assert listing.status_code == 302 and listing["Location"] == change_url
    page = staff.get(change_url).text
    assert 'src="data:image/png;base64,' in page  # the current logo, previewed
    assert staff.get(reverse("admin:hireplan_firmbrand_delete", args=[row.pk])).status_code == 403

    assert staff.post(change_url, brand_post(remove_logo="on")).status_code == 302
    row.refresh_from_db()
    assert (bytes(row.logo), row.logo_type) == (b"", "")
    assert FirmBrand.objects.count() == 1


# ----------------------------------------------------------------------------- sanitizer
def test_the_sanitizer_keeps_shapes_and_drops_the_bad_parts():
    dirty = svg(
        "<metadata>editor</metadata><script>alert(1)</script>"
        '<g onclick="steal()" transform="translate(1 1)">'
        '<path d="M0 0L10 10" stroke="#000" data-x="1"/>'
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        '<a href="https://evil.example"><rect width="3" height="3"/></a>'
        '<use href="#dot"/><circle id="dot" r="2" fill="url(#g)"/>'
        '</g><text x="1">Northwind &amp; Co</text>'
    )
    clean = sanitize_svg(dirty)
    out = clean.data.decode()
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">')
    assert '<g transform="translate(1 1)">' in out
    assert '<path d="M0 0L10 10" stroke="#000">' in out
    assert '<use href="#dot">' in out and '<circle id="dot" r="2" fill="url(#g)">' in out
    assert '<text x="1">Northwind &amp; Co</text>' in out
    for gone in ("script", "onclick", "foreignObject", "evil", "metadata", "data-x", "<a"):
        assert gone not in out
    assert set(clean.refused) == {
        "a script (<script>)",
        "an event handler (onclick)",
        "embedded HTML (<foreignObject>)",
        "a link to another file (<a href>)",
    }
    assert "<metadata>" in clean.dropped


def test_the_sanitizer_refuses_what_could_fetch_from_css():
    for style in (
        "<style>@import url(https://evil.example/a.css);</style>",
        "<style>.a { fill: \\75 rl(x) }</style>",
        "<style><![CDATA[.a{background:ur]]><![CDATA[l(https://evil.example)}]]></style>",
    ):
        assert sanitize_svg(svg(style)).refused, style
    assert not sanitize_svg(svg("<style>.a { fill: url(#g) }</style>")).refused
    stylesheet = b'<?xml-stylesheet href="https://evil.example/a.css"?>' + svg("")
    assert sanitize_svg(stylesheet).refused == ("a link to a style sheet (<?xml-stylesheet?>)",)


def test_the_sanitizer_refuses_entities_and_too_many_elements():
    with pytest.raises(SvgRefused, match="DTD"):
        sanitize_svg(b'<!DOCTYPE svg SYSTEM "https://evil.example/x.dtd">' + svg(""))
    laughs = b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    with pytest.raises(SvgRefused, match="DTD"):
        sanitize_svg(laughs + svg("<text>&b;</text>"))
    with pytest.raises(SvgRefused, match="more than"):
        sanitize_svg(svg("<g/>" * SVG_MAX_ELEMENTS))


def test_a_utf16_svg_is_read_by_its_declared_encoding():
    text = '<?xml version="1.0" encoding="UTF-16"?>' + svg("<script/>").decode()
    assert sanitize_svg(text.encode("utf-16")).refused == ("a script (<script>)",)


def test_accent_validation():
    assert clean_accent(" #1F4E79 ") == "#1f4e79"
    assert clean_accent("") == ""
    for bad in ("1f4e79", "#1f4e7", "#1f4e79a", "#ggg000", "red", "#fff", "#1f4e79;x:y"):
        with pytest.raises(ValidationError):
            clean_accent(bad)


# ----------------------------------------------------------------------------- the pages
def test_the_top_bar_shows_the_firm_when_set(client, manager):
    logo = branding.checked_logo(svg('<rect width="4" height="4"/>'), "logo.svg")
    FirmBrand.objects.create(
        name="Northwind <Talent>", accent="#1f4e79", logo=logo.data, logo_type=logo.mime
    )
    client.force_login(manager)
    page = client.get(reverse("home")).text
    topbar = page.split('<header class="topbar')[1].split("</header>")[0]
    assert "for</span> Northwind &lt;Talent&gt;" in topbar
    encoded = base64.b64encode(logo.data).decode()
    assert f'<img class="firm-logo" src="data:image/svg+xml;base64,{encoded}"' in topbar
    assert 'style="--firm-accent: #1f4e79"' in topbar


def test_a_change_shows_on_the_next_page(client, manager):
    client.force_login(manager)
    FirmBrand.objects.create(name="Northwind Talent")
    assert "Northwind Talent" in client.get(reverse("home")).text
    FirmBrand.objects.update(name="Southwind Talent")
    assert "Southwind Talent" in client.get(reverse("home")).text


def test_the_top_bar_adds_nothing_when_unset(client, manager):
    client.force_login(manager)
    page = client.get(reverse("home")).text
    assert "firm-brand" not in page and "firm-logo" not in page and "firm-accent" not in page
    assert current_brand() == NEUTRAL


def test_a_bad_accent_written_around_the_form_is_not_used(db):
    # Seven characters, as the column allows (PostgreSQL enforces it), and not a colour.
    FirmBrand.objects.create(name="Northwind", accent='#f;"><x')
    assert current_brand().accent == ""


def test_the_brand_costs_one_query_per_request(client, manager):
    FirmBrand.objects.create(name="Northwind Talent")
    client.force_login(manager)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    brand_queries = [q for q in queries.captured_queries if "firmbrand" in q["sql"]]
    assert len(brand_queries) == 1


def test_the_error_pages_do_not_read_the_brand(db, client, django_assert_num_queries):
    from hireplan.views import error_page

    FirmBrand.objects.create(name="Northwind Talent")
    with django_assert_num_queries(0):
        page = error_page("400.html", 400).content.decode()
    assert "Northwind" not in page and 'class="topbar"' in page


def test_the_footer_names_no_other_firm_and_points_to_the_sources(client, manager):
    client.force_login(manager)
    page = client.get(reverse("home")).text
    footer = re.search(r'<footer class="footer">(.*?)</footer>', page, re.S).group(1)
    guide = load_reference().claims.guide
    for name in (guide.publisher, guide.author):
        assert name not in footer
    assert 'href="/guide/"' in footer and "see all sources" in footer


def test_the_guide_page_credits_the_guide_once(client, manager):
    client.force_login(manager)
    page = client.get(reverse("guide")).text
    guide = load_reference().claims.guide
    credit = re.findall(r"<p>It all rests on one guide:.*?</p>", page, re.S)
    assert len(credit) == 1
    assert guide.title in credit[0] and guide.author in credit[0] and guide.publisher in credit[0]
    assert f'<time datetime="{guide.date.isoformat()}">' in credit[0]
    assert page.count(guide.author) == 1


def test_the_demo_data_sets_its_firm_once(db):
    from django.core.management import call_command

    from hireplan.models import FirmBrand

    call_command("load_demo", verbosity=0)
    assert FirmBrand.objects.get().name == "Northwind Talent"
    FirmBrand.objects.update(name="Renamed in the admin")
    call_command("load_demo", verbosity=0)  # running it again keeps what the admin set
    assert FirmBrand.objects.get().name == "Renamed in the admin"
