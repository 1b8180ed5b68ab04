"""`make bench`: Hireplan's performance figures, each a ratio against a floor measured in the
same run. Prints a table and writes bench/results.json; docs/performance.md explains it all.

    .venv/bin/python bench/run.py            # the full suite (a few minutes)
    .venv/bin/python bench/run.py --short    # a quick end-to-end pass; its numbers mean little
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_KEY = "bench-only-" + "n0t-a-production-k3y-" * 3
STEP_TARGET, PREVIEW_TARGET = 1.5, 2.0
DASHBOARD_TARGET, PDF_TARGET, STORED_TARGET = 1.3, 1.15, 0.02
THROUGHPUT_TARGET, MEMORY_TARGET, WEIGHT_TARGET = 0.8, 1.3, 100_000
THROUGHPUT_STEP = "comp"
LIMITS_TARGET = 3.0  # figure 8: the slowest page of a plan at its limits, against the floor
GROWTH_TARGET = 2.0  # figure 9: cost at 20k characters ≤ this × (cost at 1k × 20), near-linear


def prepare_environment(work: Path, short: bool) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": BENCH_KEY,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "BENCH_STATIC_ROOT": str(work / "static"),
        "BENCH_COLLECTSTATIC": "0" if short else "1",
        "PYTHONPATH": str(ROOT),
    }
    (work / "static").mkdir()
    os.environ.update(env)
    os.environ.pop("WEB_CONCURRENCY", None)  # gunicorn's default worker count: one
    return {**os.environ}


def row(figure: str, value: float, target: str, holds: bool, unit: str, **detail) -> dict:
    return {
        "figure": figure,
        "value": value,
        "unit": unit,
        "target": target,
        "holds": bool(holds),
        "detail": detail,
    }


def ratio_row(figure, samples, name, base, limit, *, bound="≤") -> dict:
    from bench.timing import paired_ratio

    wall, cpu = paired_ratio(samples[name], samples[base])
    return row(
        figure,
        round(wall, 3),
        f"{bound} {limit}×",
        wall <= limit,
        "×",
        cpu_ratio=round(cpu, 3),
        **{name: samples[name].summary(), base: samples[base].summary()},
    )


def interactive_rows(data, mode) -> tuple[list[dict], dict]:
    from bench.inprocess import FLOOR, interactive
    from hireplan.steps import all_steps

    samples = interactive(data, mode)
    rows = []
    for step in all_steps():
        rows.append(
            ratio_row(f"1. {step.slug} step, htmx GET", samples, f"get.{step.slug}", FLOOR, 1.5)
        )
        if f"save.{step.slug}" in samples:
            rows.append(
                ratio_row(
                    f"1. {step.slug} step, save (htmx POST)",
                    samples,
                    f"save.{step.slug}",
                    FLOOR,
                    STEP_TARGET,
                )
            )
    for name, title in (
        ("comp", "comp band and chart"),
        ("jd", "JD check, 1,500 words"),
        ("loop", "loop coverage"),
    ):
        rows.append(ratio_row(f"2. live preview: {title}", samples, f"preview.{name}", FLOOR, 2.0))
    for name, title in (("dashboard", "/review/"), ("detail", "/review/<id>/")):
        rows.append(
            ratio_row(f"1. recruiter page {title}", samples, f"review.{name}", FLOOR, STEP_TARGET)
        )
    return rows, samples[FLOOR].summary()


def dashboard_rows(data, mode) -> list[dict]:
    from bench.inprocess import dashboard

    result = dashboard(data, mode)
    samples, queries = result["samples"], result["queries"]
    label = f"{data.large:,} vs {data.small:,} plans"
    return [
        ratio_row(
            f"3. dashboard, {label}",
            samples,
            "dashboard.large",
            "dashboard.small",
            DASHBOARD_TARGET,
        ),
        row(
            f"3. dashboard queries, {label}",
            queries["large"],
            f"= {queries['small']}",
            queries["large"] == queries["small"],
            "queries",
            **queries,
        ),
    ]


def pdf_rows(data, mode) -> list[dict]:
    from bench.inprocess import pdf

    samples = pdf(data, mode)
    return [
        ratio_row(
            "4. brief.pdf request vs WeasyPrint alone",
            samples,
            "pdf.request",
            "pdf.weasyprint",
            PDF_TARGET,
        ),
        ratio_row(
            "4. stored brief vs fresh render",
            samples,
            "pdf.stored",
            "pdf.request",
            STORED_TARGET,
        ),
    ]


def weight_rows(data, static_root: Path | None) -> list[dict]:
    from bench.inprocess import client_for
    from bench.weight import page_weight
    from hireplan.steps import all_steps

    client = client_for(data.manager)
    pages = [page_weight(client, step.url(data.engagement), static_root) for step in all_steps()]
    heaviest = max(pages, key=lambda page: page["total_bytes"])
    external = sorted({ref for page in pages for ref in page["external"]})
    missing = sorted({ref for page in pages for ref in page["missing"]})
    return [
        row(
            "7. page weight, heaviest step page",
            round(heaviest["total_bytes"] / 1000, 1),
            f"≤ {WEIGHT_TARGET // 1000} KB",
            heaviest["total_bytes"] <= WEIGHT_TARGET and not missing,
            "KB",
            heaviest=heaviest,
            pages={page["url"]: page["total_bytes"] for page in pages},
            missing=missing,
        ),
        row(
            "7. resources from another host",
            len(external),
            "= 0",
            not external,
            "refs",
            external=external,
        ),
    ]


def memory_rows(data, env, count: int) -> list[dict]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.memory",
            str(data.engagement.pk),
            data.manager.email,
            str(count),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    ratio = result["peak_after_all_kib"] / result["peak_after_first_kib"]
    return [
        row(
            f"6. worker peak RSS after {count} briefs vs after 1",
            round(ratio, 3),
            f"≤ {MEMORY_TARGET}×",
            ratio <= MEMORY_TARGET,
            "×",
            **{k: v for k, v in result.items() if k != "peaks_kib"},
            peaks_kib=result["peaks_kib"],
        )
    ]


def throughput_rows(data, env, *, rounds: int, seconds: int) -> list[dict]:
    import statistics

    from bench.inprocess import client_for
    from bench.throughput import throughput
    from hireplan.steps import get_step

    client = client_for(data.manager)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    result = throughput(
        {**env, "BENCH_PLAN_CACHE": "0"},
        cookie=cookie,
        step_path=get_step(THROUGHPUT_STEP).url(data.engagement),
        floor_path="/bench/floor/",
        rounds=rounds,
        seconds=seconds,
    )
    floor = statistics.median(run["rps"] for run in result["runs"]["floor"])
    step = statistics.median(run["rps"] for run in result["runs"]["step"])
    errors = sum(
        run["socket_errors"] + run["not_200"] for runs in result["runs"].values() for run in runs
    )
    ratio = step / floor
    return [
        row(
            f"5. throughput, {THROUGHPUT_STEP} step vs floor (gunicorn, wrk)",
            round(ratio, 3),
            f"≥ {THROUGHPUT_TARGET}×, no errors",
            ratio >= THROUGHPUT_TARGET and errors == 0,
            "×",
            floor_rps=round(floor, 1),
            step_rps=round(step, 1),
            errors=errors,
            **result,
        )
    ]


def limits_rows(data, mode) -> list[dict]:
    from bench.inprocess import FLOOR
    from bench.limits import limits
    from bench.timing import paired_ratio

    samples, applied = limits(data, mode)
    ratios = {
        name: paired_ratio(samples[name], samples[FLOOR])
        for name in samples
        if name.startswith("limits.")
    }
    slowest = max(ratios, key=lambda name: ratios[name][0])
    wall, cpu = ratios[slowest]
    return [
        row(
            f"8. worst case at the limits: slowest page ({slowest.removeprefix('limits.')})",
            round(wall, 3),
            f"≤ {LIMITS_TARGET}×",
            wall <= LIMITS_TARGET,
            "×",
            cpu_ratio=round(cpu, 3),
            slowest=slowest,
            inputs=applied,
            ratios={name: round(r[0], 3) for name, r in sorted(ratios.items())},
            **{name: s.summary() for name, s in samples.items()},
        )
    ]


def growth_rows(data, short: bool) -> list[dict]:
    from bench.limits import SIZES, growth

    curves = growth(data, repeat=1 if short else 5)
    small, large = SIZES[0], SIZES[-1]
    limit = GROWTH_TARGET * large / small
    rows = []
    for name, curve in curves.items():
        ratio = curve[large] / max(curve[small], 1.0)  # below 1 ms is noise
        rows.append(
            row(
                f"9. growth {small // 1000}k→{large // 1000}k chars: {name} "
                f"({curve[large]:.1f} ms at {large // 1000}k)",
                round(ratio, 2),
                f"≤ {limit:g}× (ms {curve[large]:.0f})",
                ratio <= limit and curve[large] < 1000,
                "×",
                curve_ms=curve,
            )
        )
    return rows


def print_curves(rows: list[dict]) -> None:
    curves = [r for r in rows if "curve_ms" in r["detail"]]
    if not curves:
        return
    sizes = list(curves[0]["detail"]["curve_ms"])
    name_width = max(len(r["figure"].split(": ", 1)[1].split(" (")[0]) for r in curves)
    print("\nGrowth (ms, best of runs) by characters of text:")
    print(f"{'':<{name_width}}" + "".join(f"{int(size):>10,}" for size in sizes))
    for r in curves:
        name = r["figure"].split(": ", 1)[1].split(" (")[0]
        values = r["detail"]["curve_ms"].values()
        print(f"{name:<{name_width}}" + "".join(f"{ms:>10.1f}" for ms in values))


def print_table(rows: list[dict], floor: dict) -> None:
    print()
    print(
        f"Floor: {floor['median_ms']:.2f} ms median wall, {floor['cpu_median_ms']:.2f} ms CPU "
        f"({floor['samples']} samples)"
    )
    width = max(len(r["figure"]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  {'cpu':>6}  {'target':<18}  holds")
    print("-" * (width + 48))
    for r in rows:
        cpu = r["detail"].get("cpu_ratio")
        cpu_text = f"{cpu:.2f}" if cpu is not None else ""
        value = f"{r['value']:g} {r['unit']}"
        print(
            f"{r['figure']:<{width}}  {value:>10}  {cpu_text:>6}  {r['target']:<18}  "
            f"{'yes' if r['holds'] else 'NO'}"
        )
    held = sum(r["holds"] for r in rows)
    print(f"\n{held} of {len(rows)} targets hold.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="a quick pass, few samples")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("figure 5 needs wrk on this machine: apt-get install -y wrk")

    started = time.time()
    work = Path(tempfile.mkdtemp(prefix="hireplan-bench-"))
    env = prepare_environment(work, args.short)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from bench import data as bench_data
        from bench.inprocess import FULL, SHORT

        mode = SHORT if args.short else FULL
        static_root = None
        if not args.short:
            print("collectstatic (whitenoise: hashed, compressed)…", flush=True)
            call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
            static_root = Path(env["BENCH_STATIC_ROOT"])
        print("building the database…", flush=True)
        data = bench_data.build(small=100, large=300 if args.short else 10_000)
        load_before = os.getloadavg()
        print("1–2. wizard steps and live previews…", flush=True)
        rows, floor = interactive_rows(data, mode)
        print("3. dashboard…", flush=True)
        rows += dashboard_rows(data, mode)
        print("4. PDF brief…", flush=True)
        rows += pdf_rows(data, mode)
        print("5. throughput under gunicorn…", flush=True)
        rows += throughput_rows(
            data, env, rounds=1 if args.short else 3, seconds=1 if args.short else 5
        )
        print("6. memory…", flush=True)
        rows += memory_rows(data, env, 2 if args.short else 50)
        print("7. page weight…", flush=True)
        rows += weight_rows(data, static_root)
        print("8. worst case at the limits…", flush=True)
        rows += limits_rows(data, mode)
        print("9. growth with the text…", flush=True)
        rows += growth_rows(data, args.short)
        load_after = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    import django as dj

    results = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "mode": "short" if args.short else "full",
        "seconds": round(time.time() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
            "python": platform.python_version(),
            "django": dj.get_version(),
        },
        "floor": floor,
        "figures": rows,
        "holds": all(r["holds"] for r in rows),
    }
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(rows, floor)
    print_curves(rows)
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"Wrote {shown}")
    return 1 if args.strict and not results["holds"] else 0


if __name__ == "__main__":
    sys.exit(main())
