"""The PDF hiring brief: contents, storage per version, access, and the safe fetcher."""

import http.server
import io
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from hireplan import brief as brief_module
from hireplan.brief import BlockedResource, SafeFetcher, render_pdf
from hireplan.models import Brief


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def download(client, engagement, **params):
    response = client.get(reverse("brief_pdf", args=[engagement.pk]), params)
    assert response.status_code == 200, response.content[:500]
    return response, b"".join(response.streaming_content)


def test_it_renders_a_brief_with_the_plan_in_it(client, engagement, manager):
    client.force_login(manager)
    response, content = download(client, engagement)
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="hiring-brief-acme-senior-ml-engineer-search-v1.pdf"'
        in response["Content-Disposition"]
    )
    text = pdf_text(content)
    # Issue 20: the contents sit on the cover, the summary became the decision part.
    for heading in ["The decision", "Compensation", "Market benchmarks", "Sources"]:
        assert heading in text
    assert "Senior ML Engineer, Search" in text
    assert "Acme" in text
    assert "$172,000" in text  # a benchmark median (C3)
    assert "Robert Ardell" in " ".join(text.split())  # the guide, credited on the sources
    assert "Page 1 of" not in text  # the cover carries no page furniture
    assert "Page 2 of" in text
    reader = PdfReader(io.BytesIO(content))
    assert 3 <= len(reader.pages) <= 8


def test_it_serves_the_stored_brief_until_the_plan_changes(client, engagement, manager):
    client.force_login(manager)
    _, first = download(client, engagement)
    _, again = download(client, engagement)
    assert first == again
    assert Brief.objects.count() == 1
    stored = Brief.objects.get()
    assert stored.version == 1 and stored.requested_by == manager and stored.size == len(first)
    engagement.version = 2
    engagement.save()
    _, changed = download(client, engagement)
    assert Brief.objects.count() == 2
    assert changed != first
    # The older brief can still be downloaded.
    old = client.get(reverse("brief_download", args=[engagement.pk, stored.pk]))
    assert b"".join(old.streaming_content) == first


def test_it_offers_a4(client, engagement, manager):
    client.force_login(manager)
    response, content = download(client, engagement, paper="a4")
    assert "-a4.pdf" in response["Content-Disposition"]
    width, height = PdfReader(io.BytesIO(content)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (595, 842)
    _, letter = download(client, engagement)
    width, height = PdfReader(io.BytesIO(letter)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (612, 792)


def test_it_hides_briefs_from_outsiders(
    client, engagement, manager, other_manager, other_recruiter
):
    client.force_login(manager)
    download(client, engagement)
    stored = Brief.objects.get()
    for outsider in [other_manager, other_recruiter]:
        client.force_login(outsider)
        assert client.get(reverse("brief_pdf", args=[engagement.pk])).status_code == 404
        url = reverse("brief_download", args=[engagement.pk, stored.pk])
        assert client.get(url).status_code == 404


def test_it_lets_the_serving_recruiter_download(client, engagement, recruiter):
    client.force_login(recruiter)
    download(client, engagement)


def test_it_explains_a_failed_render_and_changes_nothing(client, engagement, manager, monkeypatch):
    def broken(html):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(brief_module, "render_pdf", broken)
    client.force_login(manager)
    response = client.get(reverse("brief_pdf", args=[engagement.pk]))
    assert response.status_code == 500
    assert "couldn’t make the PDF brief" in response.text
    engagement.refresh_from_db()
    assert engagement.version == 1 and not Brief.objects.exists()


def test_it_shows_typed_markup_as_text(client, engagement, manager):
    engagement.title = "<script>alert(1)</script><b>Bold</b>"
    engagement.save()
    client.force_login(manager)
    _, content = download(client, engagement)
    assert "<script>alert(1)</script><b>Bold</b>" in pdf_text(content)


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):
        CountingHandler.hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { background: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    CountingHandler.hits = 0
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_it_fetches_nothing_from_the_network_or_the_disk(loopback_server):
    html = f"""<html><head>
      <link rel="stylesheet" href="{loopback_server}/evil.css">
      <link rel="attachment" href="file:///etc/passwd">
    </head><body><p>Hello</p>
      <img src="{loopback_server}/pixel.png"><img src="file:///etc/passwd">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    </body></html>"""
    pdf, _ = render_pdf(html)
    assert CountingHandler.hits == 0
    assert b"root:x:0:0" not in pdf
    assert "Hello" in pdf_text(pdf)


def test_it_refuses_every_url_but_data_and_the_apps_static_files(loopback_server):
    fetcher = SafeFetcher()
    for url in [
        f"{loopback_server}/x.css",
        "file:///etc/passwd",
        "https://brief.hireplan.invalid/static/../../etc/passwd",
        "https://brief.hireplan.invalid/media/briefs/x.pdf",
    ]:
        with pytest.raises(BlockedResource):
            fetcher.fetch(url)
    assert CountingHandler.hits == 0
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    css = fetcher.fetch("https://brief.hireplan.invalid/static/css/brief.css").read()
    assert b"@page" in css


def test_it_writes_the_same_brief_from_the_command(engagement, tmp_path):
    out = tmp_path / "brief.pdf"
    call_command("render_brief", str(engagement.pk), "--out", str(out))
    assert "Senior ML Engineer, Search" in pdf_text(out.read_bytes())
    html = tmp_path / "brief.html"
    call_command("render_brief", str(engagement.pk), "--out", str(html), "--html")
    assert '<section class="cover">' in html.read_text()


def test_it_prints_the_jd_safely_and_fetches_none_of_its_urls(
    client, engagement, manager, loopback_server
):
    engagement.answers["jd"] = {
        "jd_markdown": (
            "# Senior ML Engineer\n\nYou will own the churn model.\n\n"
            f"![pixel]({loopback_server}/pixel.png)\n\n"
            "<script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
            "[click me](javascript:alert(3))\n"
        )
    }
    engagement.save()
    client.force_login(manager)
    _, content = download(client, engagement)
    text = pdf_text(content)
    assert "You will own the churn model." in text
    assert "<script>alert(1)</script>" in text
    assert CountingHandler.hits == 0


def test_it_prints_every_part_of_a_complete_plan(client, db):
    call_command("load_demo", verbosity=0)
    from hireplan.models import Engagement, User
    from hireplan.plans import plan_for

    engagement = Engagement.objects.get(title="ML Platform Engineer")
    plan = plan_for(engagement)
    client.force_login(User.objects.get(email="recruiter@staffing.example"))
    _, content = download(client, engagement)
    text = pdf_text(content)
    for heading in [
        "Lane and scope",
        "How the recommended band is built",
        "Job description",
        "Interview loop",
        "Every skill the JD ranks is tested in at least one round.",
        "Where the candidates are, in order",
        "Checklist after the final round",
        "Equity, year by year",
        "Every finding, by severity",
        "Market benchmarks (May 2026)",
        "Sources",
    ]:
        assert heading in text, heading
    band = plan.compensation.band
    assert f"${band.low:,}" in text and f"${band.high:,}" in text
    for finding in plan.findings:
        assert finding.title[:40] in " ".join(text.split()), finding.id
    assert "Recruiter screen" in text or "Hiring-manager call" in text
    pages = len(PdfReader(io.BytesIO(content)).pages)
    assert 8 <= pages <= 11  # 20 before issue 20 (tests/test_brief_pages.py)


def test_a_new_brand_makes_a_stored_brief_again(client, engagement, manager):
    """The firm sets or changes its brand: the next download of an unchanged plan carries it,
    in the same stored brief (one row per version and paper), its old file gone."""
    from hireplan.models import FirmBrand

    client.force_login(manager)
    _, neutral = download(client, engagement)
    stored = Brief.objects.get()
    old_file = stored.file.name
    assert "Northwind Talent" not in pdf_text(neutral)
    _, again = download(client, engagement)
    assert again == neutral  # nothing changed: the stored file

    FirmBrand.objects.create(name="Northwind Talent")
    _, branded = download(client, engagement)
    assert "Northwind Talent" in pdf_text(branded)
    rebranded = Brief.objects.get()
    assert rebranded.pk == stored.pk and rebranded.sha256 != stored.sha256
    assert not rebranded.file.storage.exists(old_file)
    _, once_more = download(client, engagement)
    assert once_more == branded  # rendered once for the new brand, then served
