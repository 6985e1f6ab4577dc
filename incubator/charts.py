"""A small server-drawn line chart of monthly revenue and profit (inline SVG, no JS library)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format

WIDTH, HEIGHT, PAD_X, PAD_Y = 320, 160, 22, 14


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    revenue_points: str
    profit_points: str
    zero_y: float
    labels: list[tuple[float, str]]
    max_value: int
    min_value: int
    line_y: float | None = None  # a horizontal reference (the UMK), when one was given


def revenue_chart(reports, *, line: int | None = None) -> Chart | None:
    """Oldest → newest; None when fewer than two months exist (a line needs two points).

    ``line`` (a monthly amount such as the UMK) is drawn across the chart, inside its range.
    """
    rows = sorted(reports, key=lambda r: r.month)
    if len(rows) < 2:
        return None
    high = max(max(r.revenue, r.profit) for r in rows)
    if line is not None:
        high = max(high, line)
    low = min(0, *(r.profit for r in rows))
    span = (high - low) or 1
    step = (WIDTH - 2 * PAD_X) / (len(rows) - 1)

    def y(value: int) -> float:
        return round(HEIGHT - PAD_Y - (value - low) / span * (HEIGHT - 2 * PAD_Y), 1)

    def points(attr: str) -> str:
        return " ".join(f"{round(PAD_X + i * step, 1)},{y(getattr(r, attr))}" for i, r in enumerate(rows))

    labels = [(round(PAD_X + i * step, 1), date_format(r.month, "M y")) for i, r in enumerate(rows)]
    if len(labels) > 6:  # keep the axis readable on a phone
        keep = max(1, len(labels) // 6)
        labels = [label for i, label in enumerate(labels) if i % keep == 0 or i == len(labels) - 1]
    line_y = y(line) if line is not None else None
    return Chart(WIDTH, HEIGHT, points("revenue"), points("profit"), y(0), labels, high, low, line_y)
