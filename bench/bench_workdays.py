"""Benchmark of the working-day engine (src/motcua/workdays/engine.py).

    .venv/bin/python bench/bench_workdays.py [--n 1000000] [--calls 100000] [--seed 20250124]
                                             [--write docs/benchmarks.md]

1. Generates N (received instant, n working days) pairs in 2020-01-01 .. 2030-06-30 (n = 1..60) with a
   fixed seed, on the national calendar (Mon-Fri 07:30-11:30, 13:30-17:00, seeded holidays 2020-2030).
2. Computes the due instants with the engine's batch API, and the due dates with numpy.busday_offset
   given the same data: weekmask "1111111" and, as holidays, every non-working date of the engine's
   calendar (a weekmask "1111100" cannot express make-up Saturdays; that variant is timed too, and its
   disagreements counted).  The receipt is rolled by the
   engine's rule (see docs/workdays.md): a receipt on a day off, or at/before the opening, counts the
   whole first day, so the due date is busday_offset(date, n - 1, roll="forward"); any other receipt
   (inside hours, lunch break, after closing) gives busday_offset(date, n).
3. Checks both agree on the due date for every pair, and (the plain date-only rule
   busday_offset(date, n)) for the pairs received inside office hours after the opening.
4. Reports rates (pairs/s, best of --repeat runs) and the ratio engine/numpy (goal >= 0.5), and the
   latency of single ``Calendar.due()`` calls (median, p95; goal < 10 us).

With --write, replaces the section "## Working-day engine" of the given markdown file (created with a
"# Benchmarks" heading if missing); other sections are left untouched.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from motcua.workdays.engine import DAY_US, default_calendar  # noqa: E402

SECTION = "## Working-day engine"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def best_of(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="number of (received, n) pairs")
    ap.add_argument("--calls", type=int, default=100_000, help="single due() calls for the latency")
    ap.add_argument("--seed", type=int, default=20250124)
    ap.add_argument("--repeat", type=int, default=5, help="runs per batch timing (best is reported)")
    ap.add_argument("--write", metavar="MARKDOWN", help="replace the '## Working-day engine' section there")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    cal = default_calendar()
    build_s = time.perf_counter() - t0
    cal._np_tables()

    rng = np.random.default_rng(args.seed)
    off_us = cal._off_us
    lo = int(datetime(2020, 1, 1, tzinfo=cal.tzinfo).timestamp()) * 1_000_000
    hi = int(datetime(2030, 6, 30, tzinfo=cal.tzinfo).timestamp()) * 1_000_000
    received_us = rng.integers(lo, hi, args.n, dtype=np.int64)
    received = received_us.view("datetime64[us]")
    nwd = rng.integers(1, 61, args.n, dtype=np.int64)

    # --- engine batch
    eng_s, due = best_of(lambda: cal.due_working_days_batch(received, nwd), args.repeat)
    eng_dates = ((due.view(np.int64) + off_us) // DAY_US).astype("datetime64[D]")

    # --- numpy.busday_offset on the same calendar data
    first = np.datetime64(cal.first, "D")
    nonwork = first + np.flatnonzero(np.array([not s for s in cal._sessions]))
    bdc = np.busdaycalendar(weekmask="1111111", holidays=nonwork)
    first_open = np.asarray(cal._first_open, dtype=np.int64)

    def numpy_pipeline():
        loc = received_us + off_us
        day = loc // DAY_US
        d = day.astype("datetime64[D]")
        fo = first_open[day - (cal._day0_us // DAY_US)]
        whole_first_day = (fo < 0) | (loc - day * DAY_US <= fo)  # day off, or at/before the opening
        return np.busday_offset(d, nwd - whole_first_day, roll="forward", busdaycal=bdc)

    np_s, np_dates = best_of(numpy_pipeline, args.repeat)
    plain_dates = ((received_us + off_us) // DAY_US).astype("datetime64[D]")
    bo_s, _ = best_of(lambda: np.busday_offset(plain_dates, nwd, roll="forward", busdaycal=bdc), args.repeat)

    # the textbook set-up: weekmask Mon-Fri + weekday holidays; it cannot express make-up Saturdays
    wk_hol = nonwork[(nonwork.astype("datetime64[D]").view(np.int64) + 3) % 7 < 5]
    bdc5 = np.busdaycalendar(weekmask="1111100", holidays=wk_hol)
    d5 = plain_dates
    wf = np.asarray(cal._first_open, dtype=np.int64)[(received_us + off_us) // DAY_US - (cal._day0_us // DAY_US)]
    whole5 = (wf < 0) | ((received_us + off_us) % DAY_US <= wf)
    wk_s, wk_dates = best_of(lambda: np.busday_offset(d5, nwd - whole5, roll="forward", busdaycal=bdc5), args.repeat)
    agree_wk = int(np.count_nonzero(wk_dates == eng_dates))

    agree_all = int(np.count_nonzero(np_dates == eng_dates))
    # pairs received inside office hours, after the opening, on a working day: date-only rule
    loc = received_us + off_us
    day_idx = loc // DAY_US - cal._day0_us // DAY_US
    tod = loc % DAY_US
    inside = np.zeros(args.n, dtype=bool)
    opn, cls = cal._np_tables()["open"], cal._np_tables()["close"]
    for j in range(len(opn)):
        inside |= (opn[j][day_idx] < tod) & (tod < cls[j][day_idx])
    naive = np.busday_offset(plain_dates[inside], nwd[inside], roll="forward", busdaycal=bdc)
    agree_inside = int(np.count_nonzero(naive == eng_dates[inside]))

    # --- single-call latency
    calls = min(args.calls, args.n)
    tz = cal.tzinfo
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    samples = [((epoch + timedelta(microseconds=int(received_us[j]))).astimezone(tz), f"{int(nwd[j])}wd")
               for j in range(calls)]
    mixed = [(r, d if j % 4 == 0 else ("16wh", "30d", "same_day", d)[j % 4 - 1]) for j, (r, d) in enumerate(samples)]
    due_fn = cal.due
    pc = time.perf_counter_ns
    for r, d in samples[:2000]:
        due_fn(r, d)

    def latencies(items):
        out = []
        for r, d in items:
            a = pc()
            due_fn(r, d)
            out.append(pc() - a)
        out.sort()
        return out

    lat = latencies(samples)
    lat_mixed = latencies(mixed)
    def timer_gap():
        a = pc()
        return pc() - a

    timer = sorted(timer_gap() for _ in range(10000))[5000]
    scalar_ok = all(
        np.datetime64(due_fn(r, d).due_at.astimezone(UTC).replace(tzinfo=None), "us") == due[j]
        for j, (r, d) in enumerate(samples[:20000])
    )

    def q(v, p):
        return v[min(len(v) - 1, int(len(v) * p))] / 1000

    eng_rate, np_rate, bo_rate = args.n / eng_s, args.n / np_s, args.n / bo_s
    now = datetime.now(UTC)
    lines = [
        SECTION,
        "",
        f"Measured {now:%Y-%m-%d %H:%M} UTC by `bench/bench_workdays.py --n {args.n} --calls {calls}` "
        f"(seed {args.seed}, best of {args.repeat} runs for the batch timings).",
        "",
        f"- Machine: {nproc()} CPU(s), {cpu_model()}",
        f"- Python {platform.python_version()}, numpy {np.__version__}",
        f"- Calendar: national (`default_calendar()`), {cal.first}..{cal.last}, {cal._nwd} working days, "
        f"built in {build_s * 1000:.0f} ms",
        f"- Input: {args.n:,} pairs, received uniformly in 2020-01-01..2030-06-30 (+07:00), n = 1..60 working days",
        "",
        "| measure | result | goal |",
        "|---|---|---|",
        f"| engine `due_working_days_batch` (due instants) | {eng_rate:,.0f} pairs/s ({eng_s * 1000:.0f} ms) | |",
        f"| numpy `busday_offset` + the same receipt roll (due dates) | {np_rate:,.0f} pairs/s ({np_s * 1000:.0f} ms) | |",
        f"| numpy `busday_offset` alone on local dates | {bo_rate:,.0f} pairs/s ({bo_s * 1000:.0f} ms) | |",
        f"| numpy `busday_offset`, weekmask `1111100` + weekday holidays (no make-up Saturdays) "
        f"| {args.n / wk_s:,.0f} pairs/s ({wk_s * 1000:.0f} ms); same date on {agree_wk:,} / {args.n:,} | |",
        f"| ratio engine / numpy (with roll) | {eng_rate / np_rate:.2f} | ≥ 0.5 |",
        f"| ratio engine / numpy (busday_offset alone) | {eng_rate / bo_rate:.2f} | |",
        f"| ratio engine / numpy (weekmask `1111100` variant) | {eng_rate / (args.n / wk_s):.2f} | |",
        f"| due dates equal, all pairs (time-aware roll) | {agree_all:,} / {args.n:,} | all |",
        f"| due dates equal, receipts inside office hours (date-only `busday_offset(date, n)`) "
        f"| {agree_inside:,} / {int(inside.sum()):,} | all |",
        f"| batch == scalar `due()` (first {min(20000, calls):,} pairs) | {'yes' if scalar_ok else 'NO'} | yes |",
        f"| `Calendar.due()` latency, `Nwd` ({calls:,} calls) | median {q(lat, .5):.2f} µs, "
        f"p95 {q(lat, .95):.2f} µs, p99 {q(lat, .99):.2f} µs | < 10 µs |",
        f"| `Calendar.due()` latency, mix of wd/wh/d/same_day | median {q(lat_mixed, .5):.2f} µs, "
        f"p95 {q(lat_mixed, .95):.2f} µs | < 10 µs |",
        "",
        f"Latencies are per call with `time.perf_counter_ns` around each call (timer overhead ≈ {timer} ns, "
        "included). The semantics coincide on every pair: with the engine's rule the due date depends only "
        "on the receipt date, whether the receipt counts the whole first working day, and n (every working "
        "day of this calendar opens at 07:30). The date-only rule `busday_offset(date, n)` coincides for "
        "receipts inside office hours after the opening.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(Path(args.write), text)
        print(f"wrote section to {args.write}")
    ok = agree_all == args.n and agree_inside == int(inside.sum()) and scalar_ok
    return 0 if ok else 1


def write_section(path: Path, section: str, heading: str = SECTION) -> None:
    """Replaces the section ``heading`` of the markdown file (or appends it); other sections stay as they
    are. Every benchmark script writes docs/benchmarks.md through this."""
    if not path.is_absolute():
        path = ROOT / path
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(heading)}[ \t]*\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _m: section.rstrip("\n") + "\n\n", old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
