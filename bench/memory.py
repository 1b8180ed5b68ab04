"""Figure 6, run as its own process (`python -m bench.memory PLAN_ID EMAIL COUNT`): a worker's
peak RSS after the first brief and after COUNT briefs, each rendered fresh through the whole
request. Prints one JSON line. The parent sets DATABASE_URL, MEDIA_ROOT and the settings."""

import json
import os
import resource
import sys


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def main(plan_id: int, email: str, count: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from hireplan.models import Brief, User
    from hireplan.plans import forget_plans

    client = Client()
    client.force_login(User.objects.get(email=email))
    url = reverse("brief_pdf", args=[plan_id])
    peaks = []
    for _ in range(count):
        forget_plans()  # each brief as if for a new version of the plan
        for brief in Brief.objects.filter(engagement_id=plan_id):
            brief.file.delete(save=False)
            brief.delete()
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"brief request answered {response.status_code}")
        b"".join(response.streaming_content)
        response.close()
        peaks.append(_status_kib("VmHWM"))
    return {
        "briefs": count,
        "peak_after_first_kib": peaks[0],
        "peak_after_all_kib": peaks[-1],
        "rss_after_all_kib": _status_kib("VmRSS"),
        "peaks_kib": peaks,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))))
