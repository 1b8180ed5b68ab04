"""Figure 7: what a wizard step page weighs over the wire, with every asset it loads.

Assets are counted as whitenoise serves them to a browser that accepts brotli: the .br file
collectstatic wrote (or, without collectstatic, the same compression done here), raw where
whitenoise would not compress. The HTML is counted as the app sends it: Hireplan does not
compress its pages, so the HTML's uncompressed size goes into the total (its gzip size is
reported beside it for a proxy that compresses).
"""

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from whitenoise.compress import Compressor

from bench.inprocess import get

RESOURCE = re.compile(
    r"<(?:link|script|img|source|iframe|video|audio|embed|object|use|image)\b[^>]*?"
    r"\s(?:href|src|data|srcset|xlink:href)\s*=\s*[\"']([^\"']+)[\"'][^>]*>",
    re.IGNORECASE,
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]")
LOCAL = {"", "testserver", "127.0.0.1", "localhost"}
COMPRESSOR = Compressor(quiet=True)


def _static_file(path: str, static_root: Path | None) -> Path | None:
    name = path.removeprefix("/" + settings.STATIC_URL.strip("/") + "/")
    if static_root is not None:
        candidate = static_root / name
        return candidate if candidate.is_file() else None
    found = finders.find(name)
    return Path(found) if found else None


def _served_size(file: Path, static_root: Path | None) -> tuple[int, str]:
    """Bytes sent for a static file to a brotli-capable browser, and the encoding."""
    raw = file.read_bytes()
    if not COMPRESSOR.should_compress(file.name):
        return len(raw), "identity"
    if static_root is not None:
        for suffix, encoding in ((".br", "br"), (".gz", "gzip")):
            compressed = file.with_name(file.name + suffix)
            if compressed.is_file():
                return compressed.stat().st_size, encoding
        return len(raw), "identity"  # whitenoise found compression not worth it
    brotli = COMPRESSOR.compress_brotli(raw)
    if len(brotli) <= 0.95 * len(raw):
        return len(brotli), "br"
    return len(raw), "identity"


def page_weight(client: Client, url: str, static_root: Path | None) -> dict:
    response = get(client, url)
    if response.status_code != 200:
        raise AssertionError(f"{url}: {response.status_code}")
    html = response.content
    if response.get("Content-Encoding"):
        raise AssertionError("the bench expects the page uncompressed from the app")
    items = [{"url": url, "bytes": len(html), "encoding": "identity", "kind": "html"}]
    external: list[str] = []
    missing: list[str] = []
    queue = [(urljoin(url, ref), "html") for ref in RESOURCE.findall(html.decode())]
    seen: set[str] = set()
    while queue:
        ref, found_in = queue.pop(0)
        if ref.startswith(("data:", "#")) or ref in seen:
            continue
        seen.add(ref)
        parts = urlsplit(ref)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in LOCAL:
            external.append(ref)
            continue
        file = _static_file(parts.path, static_root)
        if file is None:
            missing.append(ref)
            continue
        size, encoding = _served_size(file, static_root)
        items.append({"url": parts.path, "bytes": size, "encoding": encoding, "kind": found_in})
        if file.suffix == ".css":
            text = file.read_text(encoding="utf-8", errors="replace")
            for plain, imported in CSS_URL.findall(text):
                queue.append((urljoin(ref, plain or imported), "css"))
    return {
        "url": url,
        "total_bytes": sum(item["bytes"] for item in items),
        "html_bytes": len(html),
        "html_gzip_bytes": len(gzip.compress(html, compresslevel=9, mtime=0)),
        "items": items,
        "external": external,
        "missing": missing,
    }
