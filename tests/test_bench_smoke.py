"""`bench/run.py --short` runs end to end: every figure of `make bench` is measured and written.

No timing is asserted here (speed is for `make bench`, see docs/performance.md); this only
keeps the suite from rotting. It starts its own gunicorn on a free loopback port.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ["1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. ", "8. ", "9. "]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk: apt-get install -y wrk")
def test_it_runs_the_bench_end_to_end(tmp_path):
    output = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env["BENCH_PORT"] = str(free_port())
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--short", "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    results = json.loads(output.read_text())
    assert results["mode"] == "short"
    figures = results["figures"]
    for prefix in FIGURES:
        assert any(f["figure"].startswith(prefix) for f in figures), f"figure {prefix} missing"
    for figure in figures:
        assert isinstance(figure["value"], int | float) and figure["value"] >= 0, figure
        assert isinstance(figure["holds"], bool)
    # Every wizard step's partial is measured, and every step with a form is saved.
    names = " ".join(f["figure"] for f in figures)
    for step in ("context", "lane", "comp", "jd", "loop", "sourcing", "offer"):
        assert f"{step} step, htmx GET" in names and f"{step} step, save" in names
    assert "review step, htmx GET" in names
    assert results["floor"]["median_ms"] > 0
    assert "targets hold" in done.stdout
