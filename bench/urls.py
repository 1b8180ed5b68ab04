"""The app's URLs plus the floor view; only the bench settings mount this URLconf."""

import os

from django.urls import path

from bench.floor import floor
from hireplan import plans
from hireplan.urls import urlpatterns as app_urlpatterns

if os.environ.get("BENCH_PLAN_CACHE") == "0":
    # Under wrk the same page repeats: keep each request's plan new, as for a changed plan.
    plans.PLAN_CACHE_SIZE = 0

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
