"""Checks and drawing of a process's step graph. Pure module (no Django).

A step is a mapping with ``code``, ``name``, ``next_steps`` (codes), ``duration_amount`` and
``duration_unit`` ("wd", "wh", "same_day", ...). The first step is the entry."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class GraphProblem:
    field: str
    message: str


def hours_of(amount: int, unit: str, hours_per_day: float) -> float | None:
    """A duration in working hours, or None for units that are not working time (calendar days, months)."""
    if unit == "wh":
        return float(amount)
    if unit == "wd":
        return amount * hours_per_day
    if unit == "same_day":
        return hours_per_day
    return None


def longest_path_hours(steps: list[dict], hours_per_day: float) -> float:
    by_code = {s["code"]: s for s in steps}
    memo: dict[str, float] = {}

    def walk(code: str, trail: frozenset) -> float:
        if code in memo:
            return memo[code]
        step = by_code[code]
        own = hours_of(step["duration_amount"], step["duration_unit"], hours_per_day) or 0.0
        following = [walk(n, trail | {code}) for n in step["next_steps"] if n in by_code and n not in trail]
        memo[code] = own + max(following, default=0.0)
        return memo[code]

    return walk(steps[0]["code"], frozenset()) if steps else 0.0


def _identity(text: str) -> str:
    return text


def check_steps(steps: list[dict], *, limit_amount: int | None, limit_unit: str, hours_per_day: float,
                translate=_identity) -> list[GraphProblem]:
    """Every step reachable, an end exists, next steps known, durations within the procedure's limit.
    ``translate`` is the caller's gettext."""
    _ = translate
    problems: list[GraphProblem] = []
    if not steps:
        return [GraphProblem("steps", _("A process needs at least one step."))]
    codes = [s["code"] for s in steps]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        problems.append(GraphProblem("steps", _("Step codes must be unique: %(codes)s") % {
            "codes": ", ".join(duplicates)}))
    known = set(codes)
    for step in steps:
        unknown = [n for n in step["next_steps"] if n not in known]
        if unknown:
            problems.append(GraphProblem(f"steps.{step['code']}.next_steps",
                                         _("Unknown next step(s): %(codes)s") % {"codes": ", ".join(unknown)}))
    reachable, frontier = set(), [steps[0]["code"]]
    by_code = {s["code"]: s for s in steps}
    while frontier:
        code = frontier.pop()
        if code in reachable or code not in by_code:
            continue
        reachable.add(code)
        frontier += by_code[code]["next_steps"]
    unreachable = [c for c in codes if c not in reachable]
    if unreachable:
        problems.append(GraphProblem("steps", _("Steps that no path reaches: %(codes)s") % {
            "codes": ", ".join(unreachable)}))
    if not any(not s["next_steps"] for s in steps):
        problems.append(GraphProblem("steps", _("The process has no end: give at least one step no next step.")))
    limit_hours = hours_of(limit_amount or 0, limit_unit, hours_per_day) if limit_unit else None
    if limit_hours is not None and not problems:
        total = longest_path_hours(steps, hours_per_day)
        if total > limit_hours + 1e-9:
            problems.append(GraphProblem("steps", _(
                "The steps take %(total)s working hours on the longest path, more than the procedure's time "
                "limit of %(limit)s working hours.") % {"total": f"{total:g}", "limit": f"{limit_hours:g}"}))
    return problems


def svg(steps: list[dict], *, current: str | None = None, title: str = "") -> str:
    """A left-to-right diagram: one column per depth from the first step, arrows for next steps."""
    if not steps:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    by_code = {s["code"]: s for s in steps}
    depth = {steps[0]["code"]: 0}
    order = [steps[0]["code"]]
    for code in order:
        for nxt in by_code[code]["next_steps"]:
            if nxt in by_code and nxt not in depth:
                depth[nxt] = depth[code] + 1
                order.append(nxt)
    for s in steps:
        depth.setdefault(s["code"], max(depth.values()) + 1)
    columns: dict[int, list[str]] = {}
    for s in steps:
        columns.setdefault(depth[s["code"]], []).append(s["code"])
    box_w, box_h, gap_x, gap_y, pad = 180, 64, 60, 24, 16
    pos = {code: (pad + col * (box_w + gap_x), pad + row * (box_h + gap_y))
           for col, codes in columns.items() for row, code in enumerate(codes)}
    width = pad * 2 + (max(columns) + 1) * (box_w + gap_x) - gap_x
    height = pad * 2 + max(len(c) for c in columns.values()) * (box_h + gap_y) - gap_y
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(title)}">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>']
    for s in steps:
        x, y = pos[s["code"]]
        for nxt in s["next_steps"]:
            if nxt in pos:
                nx, ny = pos[nxt]
                parts.append(f'<line x1="{x + box_w}" y1="{y + box_h / 2}" x2="{nx}" y2="{ny + box_h / 2}" '
                             'stroke="#444" stroke-width="1.5" marker-end="url(#arrow)"/>')
    for s in steps:
        x, y = pos[s["code"]]
        fill, stroke = ("#fff4cc", "#9b1c1c") if s["code"] == current else ("#f6f8fa", "#57606a")
        label = escape(s["name"][:28] + ("…" if len(s["name"]) > 28 else ""))
        detail = escape(s.get("detail", ""))
        parts.append(f'<g><rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" fill="{fill}" '
                     f'stroke="{stroke}" stroke-width="{3 if s["code"] == current else 1.5}"/>'
                     f'<text x="{x + 10}" y="{y + 26}" font-size="13" font-family="sans-serif">{label}</text>'
                     f'<text x="{x + 10}" y="{y + 46}" font-size="11" fill="#57606a" font-family="sans-serif">'
                     f'{detail}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
