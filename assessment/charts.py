"""The results chart: a horizontal bar per condition, drawn on the server as SVG.

Geometry lives here so the template only places what is computed; the chart's
accessible alternative is the data table rendered beside it from the same rows. Every
coordinate comes from the figures as the table shows them (rounded, assessment.results):
a finer one would give away more than the table does.
"""

from dataclasses import dataclass

from .scoring import Level, shown

WIDTH = 440  # room for the longest label, drawn larger on a phone (site.css), e.g. "Relationships and social norms"
LEVEL_WIDTH = 80  # units per rubric level: 4 levels span 320, leaving room for the value
ROW_HEIGHT = 52
MARKER_LINE = 22  # "Greatest need" or "Greatest strength" on a line of its own under the label
BAR_HEIGHT = 18
AXIS_GAP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: object  # the score as shown
    marker: str  # "need", "strength" or ""
    symbol: str  # the condition's colour and icon (taxonomy/symbols.py)
    label_y: int
    bar_y: int
    width: float
    value_x: float
    # The team's spread as shown: one standard deviation either side of the average, or None.
    whisker: tuple | None

    @property
    def text_y(self):
        return self.bar_y + BAR_HEIGHT - 4

    @property
    def middle_y(self):
        return self.bar_y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class Chart:
    bars: list
    height: int
    axis_y: int
    ticks: list  # (x, label) for each rubric level
    description: str

    width = WIDTH
    marker_line = MARKER_LINE


def x_for(score):
    return round(max(0.0, min(4.0, score)) * LEVEL_WIDTH, 1)


def bar_chart(conditions, focus, show_spread=False):
    """Bars for conditions with their shown ``average`` (and ``spread`` for a team)."""
    markers = {}
    if focus:
        markers[focus.need.condition] = "need"
        if focus.strength:
            markers[focus.strength.condition] = "strength"
    bars, top = [], 0
    for condition in conditions:
        marker = markers.get(condition, "")
        below_label = MARKER_LINE if marker else 0
        average = shown(condition.average)
        width = x_for(float(average))
        whisker = None
        if show_spread and condition.spread:
            spread = shown(condition.spread)
            whisker = (x_for(float(max(average - spread, 1))), x_for(float(min(average + spread, 4))))
        bars.append(
            Bar(
                label=condition.name,
                value=average,
                marker=marker,
                symbol=condition.symbol,
                label_y=top + 16,
                bar_y=top + 24 + below_label,
                width=width,
                value_x=max(width, whisker[1] if whisker else 0) + 6,
                whisker=whisker,
            )
        )
        top += ROW_HEIGHT + below_label
    axis_y = top + AXIS_GAP
    ticks = [(level.value * LEVEL_WIDTH, level.label) for level in Level]
    return Chart(bars=bars, height=axis_y + 24, axis_y=axis_y, ticks=ticks, description=describe(focus, show_spread))


def describe(focus, show_spread):
    """The chart's <desc>: how to read it and what it shows; the table below gives every figure."""
    parts = ["One bar per condition, on a scale from 1 (not yet) to 4 (established)."]
    if show_spread:
        parts.append("A line across each bar shows how far apart members' scores are.")
    if focus:
        need = focus.need.condition
        if focus.strength:
            strength = focus.strength.condition
            parts.append(f"Greatest need: {need.name} ({shown(need.average)}).")
            parts.append(f"Greatest strength: {strength.name} ({shown(strength.average)}).")
        else:
            parts.append(f"Every condition scores {shown(need.average)}.")
    parts.append("The table after the chart gives every score.")
    return " ".join(parts)


ROUND_BAR_HEIGHT = 14
ROUND_FILLS = ("#9bc4c9", "#5f9ea6", "#073f46", "#1c2430")


@dataclass(frozen=True)
class RoundBar:
    round: int
    value: object  # the round's average as shown, or None while its first group is not whole
    y: int
    width: float
    fill: str

    @property
    def text_y(self):
        return self.y + ROUND_BAR_HEIGHT - 2


@dataclass(frozen=True)
class RoundGroup:
    label: str
    label_y: int
    bars: list


def rounds_chart(rounds, rows):
    """Grouped bars: for each condition, one bar per round, from the figures as the table shows them."""
    groups, top = [], 0
    for condition, averages, _change in rows:
        bars = [
            RoundBar(
                round=number,
                value=value,
                y=top + 22 + index * (ROUND_BAR_HEIGHT + 4),
                width=x_for(float(value)) if value is not None else 0,
                fill=ROUND_FILLS[min(index, len(ROUND_FILLS) - 1)],
            )
            for index, (number, value) in enumerate(zip(rounds, averages, strict=True))
        ]
        groups.append(RoundGroup(label=condition.name, label_y=top + 14, bars=bars))
        top += 26 + len(rounds) * (ROUND_BAR_HEIGHT + 4)
    axis_y = top + AXIS_GAP
    ticks = [(level.value * LEVEL_WIDTH, level.label) for level in Level]
    description = (
        f"For each condition, one bar per round (rounds 1 to {len(rounds)}), on a scale from 1 (not yet) "
        "to 4 (established). The table after the chart gives every figure."
    )
    return Chart(bars=groups, height=axis_y + 24, axis_y=axis_y, ticks=ticks, description=description)
