"""Advice scoped as the guide scopes it, as the pages and the brief show it: Hireplan's reading
labelled as such, the guide's timeline range beside Hireplan's, and the guide's failure modes
told with the findings that warn of them."""

import io

from django.urls import reverse
from pypdf import PdfReader

from hireplan import brief
from hireplan.models import Engagement
from tests.conftest import step_url, with_steps
from tests.engine.support import answers


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_it_labels_the_remote_line_as_hireplans_reading(client, engagement, manager):
    with_steps(engagement, **answers(offer=None))
    client.force_login(manager)
    html = client.get(step_url(engagement, "comp")).text
    row = html[html.index("Remote: no band change") :].split("</tr>", 1)[0]
    assert "Hireplan&#x27;s reading" in row or "Hireplan's reading" in row
    assert "Hireplan&#x27;s rule" in row and "From the guide" not in row


def test_it_shows_the_guides_timeline_beside_hireplans_extended_range(engagement):
    # An underpriced band (T2) pushes Hireplan's range out; the guide's own stays 5–9 weeks.
    data = answers(offer=None, comp={"band_low_usd": 180_000, "band_high_usd": 200_000})
    with_steps(engagement, **data)
    text = " ".join(brief.render_html(engagement).split())
    assert "The guide: a well-scoped search closes in 5–9 weeks." in text
    assert "Hireplan’s range: 8–15 weeks." in text
    clean = Engagement.objects.get(pk=engagement.pk)
    with_steps(clean, **answers(offer=None))
    text = " ".join(brief.render_html(clean).split())
    assert "The guide: a well-scoped search closes in 5–9 weeks." in text
    assert "Hireplan’s range" not in text


def test_it_tells_the_failure_mode_on_the_step_and_in_the_brief(client, engagement, manager):
    # A one-day loop: the guide's compression mistake (FM3) comes with the finding.
    with_steps(engagement, **answers(loop={"spread": "custom", "spread_days": 1}))
    client.force_login(manager)
    page = client.get(step_url(engagement, "loop")).text
    finding = page[page.index('id="finding-loopone_day"') :][:3000]
    assert "When this went wrong: the compression mistake" in finding
    assert "$8,000" in finding and "FM3" in finding
    response = client.get(reverse("brief_pdf", args=[engagement.pk]))
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    assert "When this went wrong, the compression mistake:" in text
