"""Interleaved sampling: every case runs a few times per round, rounds rotate the order, so
the floor and the figures compared with it share whatever the machine was doing meanwhile."""

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Case:
    name: str
    run: Callable[[], Any]  # the timed work: one request
    prepare: Callable[[], None] | None = None  # untimed, before each run
    check: Callable[[Any], None] | None = None  # untimed, on what run returned


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)  # seconds
    cpu: list[float] = field(default_factory=list)  # this thread's CPU seconds
    rounds: list[tuple[float, float]] = field(default_factory=list)  # each round's medians

    @property
    def median_ms(self) -> float:
        return statistics.median(self.wall) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * 1000

    def summary(self) -> dict:
        return {
            "median_ms": round(self.median_ms, 3),
            "cpu_median_ms": round(self.cpu_ms, 3),
            "min_ms": round(min(self.wall) * 1000, 3),
            "samples": len(self.wall),
        }


@dataclass
class Stopped:
    """What a run returns when its measured part ended before it returned (the clocks then)."""

    value: Any
    wall: float
    cpu: float


def once(case: Case) -> tuple[float, float]:
    if case.prepare is not None:
        case.prepare()
    wall, cpu = time.perf_counter(), time.thread_time()
    result = case.run()
    wall_end, cpu_end = time.perf_counter(), time.thread_time()
    if isinstance(result, Stopped):
        wall_end, cpu_end, result = result.wall, result.cpu, result.value
    if case.check is not None:
        case.check(result)
    return wall_end - wall, cpu_end - cpu


def sample(
    cases: list[Case], *, rounds: int, per_round: int, warmup: int = 3
) -> dict[str, Samples]:
    """Median-ready samples for each case: `rounds` × `per_round` timed runs after `warmup`."""
    for case in cases:
        for _ in range(warmup):
            once(case)
    results = {case.name: Samples() for case in cases}
    for number in range(rounds):
        gc.collect()
        shift = number % len(cases)
        for case in cases[shift:] + cases[:shift]:
            walls, cpus = [], []
            for _ in range(per_round):
                wall, cpu = once(case)
                walls.append(wall)
                cpus.append(cpu)
            results[case.name].wall += walls
            results[case.name].cpu += cpus
            results[case.name].rounds.append((statistics.median(walls), statistics.median(cpus)))
    return results


def paired_ratio(case: Samples, base: Samples) -> tuple[float, float]:
    """Wall and CPU ratios of `case` to `base`: the median over rounds of each round's ratio,
    so that a slow spell of the machine, which both sides of a round share, cancels out."""
    if len(case.rounds) != len(base.rounds) or not case.rounds:
        return case.median_ms / base.median_ms, case.cpu_ms / base.cpu_ms
    walls = [a[0] / b[0] for a, b in zip(case.rounds, base.rounds, strict=True)]
    cpus = [a[1] / b[1] for a, b in zip(case.rounds, base.rounds, strict=True)]
    return statistics.median(walls), statistics.median(cpus)
