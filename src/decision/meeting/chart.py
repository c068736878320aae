"""The scaling chart: the scores across reviews laid out here, as points, lines, labels and axes,
with the same numbers as a table; the page only draws what it is given, as SVG."""

from __future__ import annotations

from typing import Any

from .dates import long_date, parse_date, short_date
from .form import SCALE_BANDS, SCALE_HIGH, SCALE_LOW
from .reading import blank, person_name, score_value

WIDTH, HEIGHT = 640, 330
LEFT, RIGHT, TOP, BOTTOM = 56, 170, 20, 62  # margins: axis labels left and below, line labels right
LABEL_GAP = 15  # least space between two line labels
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus", "triangle_down", "bar")
DASHES = {"family": "", "practitioner": "7 4"}  # family members solid, practitioners dashed
COLOURS = 8  # the stylesheet has lp-chart__series--0 to --7


def _marker(shape: str, x: float, y: float, r: float = 5.5) -> str:
    """An SVG path for each marker: the shape, not only the colour, tells the lines apart."""
    def pts(points: list[tuple[float, float]]) -> str:
        return "M" + " L".join(f"{x + dx:.1f} {y + dy:.1f}" for dx, dy in points) + " Z"
    if shape == "circle":
        return f"M{x - r:.1f} {y:.1f} a{r} {r} 0 1 0 {2 * r} 0 a{r} {r} 0 1 0 {-2 * r} 0 Z"
    if shape == "square":
        return pts([(-r, -r), (r, -r), (r, r), (-r, r)])
    if shape == "triangle":
        return pts([(0, -r * 1.2), (r * 1.1, r * 0.8), (-r * 1.1, r * 0.8)])
    if shape == "triangle_down":
        return pts([(0, r * 1.2), (r * 1.1, -r * 0.8), (-r * 1.1, -r * 0.8)])
    if shape == "diamond":
        return pts([(0, -r * 1.3), (r * 1.1, 0), (0, r * 1.3), (-r * 1.1, 0)])
    t = r * 0.45
    if shape == "cross":
        return pts([(-r, -r + t), (-r + t, -r), (0, -t), (r - t, -r), (r, -r + t), (t, 0), (r, r - t), (r - t, r),
                    (0, t), (-r + t, r), (-r, r - t), (-t, 0)])
    if shape == "plus":
        return pts([(-t, -r), (t, -r), (t, -t), (r, -t), (r, t), (t, t), (t, r), (-t, r), (-t, t), (-r, t), (-r, -t),
                    (-t, -t)])
    return pts([(-r * 1.2, -t), (r * 1.2, -t), (r * 1.2, t), (-r * 1.2, t)])  # bar


def _columns(meeting: dict[str, Any]) -> list[dict[str, str]]:
    """One column per earlier review, then this meeting."""
    columns = []
    for i, review in enumerate(meeting["reviews"]):
        found, _ = parse_date(review["date"])
        columns.append({"label": short_date(found) if found else f"Review {i + 1}",
                        "long": f"earlier review {i + 1}" + (f" ({long_date(found)})" if found else "")})
    found, _ = parse_date(meeting["date"])
    columns.append({"label": "This meeting", "long": "this meeting" + (f" ({long_date(found)})" if found else ""),
                    "date": short_date(found) if found else ""})
    return columns


def chart(meeting: dict[str, Any]) -> dict[str, Any]:
    """The scores across reviews: geometry for an SVG line chart, and the same numbers as a table."""
    columns = _columns(meeting)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(columns) - 1) if len(columns) > 1 else 0
    xs = [LEFT + (i * step if len(columns) > 1 else plot_w / 2) for i in range(len(columns))]

    def y_of(score: float) -> float:
        return TOP + plot_h * (SCALE_HIGH - score) / (SCALE_HIGH - SCALE_LOW)

    series, rows, summaries = [], [], []
    named = [(i, p) for i, p in enumerate(meeting["people"]) if not blank(p, ("name", "role"))]
    for i, person in named:
        scores = [score_value(s) for s in person["earlier"]] + [score_value(person["score"])]
        name = person_name(person, i)
        rows.append([name] + [str(s) if s is not None else "–" for s in scores])
        given = [(c, s) for c, s in enumerate(scores) if s is not None]
        if not given:
            continue
        n = len(series)
        points = [{"x": round(xs[c], 1), "y": round(y_of(s), 1), "score": s, "column": columns[c]["long"],
                   "marker": _marker(MARKERS[n % len(MARKERS)], xs[c], y_of(s))} for c, s in given]
        series.append({"name": name, "kind": person["kind"] if person["kind"] in DASHES else "practitioner",
                       "style": n % COLOURS, "marker": MARKERS[n % len(MARKERS)],
                       "dash": DASHES.get(person["kind"], DASHES["practitioner"]),
                       "line": " ".join(f"{p['x']} {p['y']}" for p in points), "points": points,
                       "label": {"x": round(points[-1]["x"] + 12, 1), "y": points[-1]["y"],
                                 "text": f"{_clip(name, 18)}: {points[-1]['score']}"}})
        summaries.append(_score_summary(name, given, columns))
    _spread_labels([s["label"] for s in series], TOP + 4, HEIGHT - BOTTOM)
    x_axis = [{"x": round(x, 1), "label": col["label"], "sub": col.get("date", "")} for x, col in zip(xs, columns)]
    y_axis = [{"y": round(y_of(s), 1), "label": str(s)} for s in range(SCALE_LOW, SCALE_HIGH + 1)]
    people = len(series)
    described = (f"Confidence scores of {people} {'person' if people == 1 else 'people'} across "
                 f"{len(columns)} meeting{'s' if len(columns) != 1 else ''}, on a scale of {SCALE_LOW} to "
                 f"{SCALE_HIGH}. Family members' lines are solid, practitioners' lines are dashed. "
                 "The same scores are in the table that follows." if series else "No scores yet.")
    return {"width": WIDTH, "height": HEIGHT, "plot": {"left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
                                                       "bottom": HEIGHT - BOTTOM},
            "title": "Confidence scores at each meeting", "description": described,
            "x_axis": x_axis, "y_axis": y_axis, "series": series, "summaries": summaries,
            "table": {"caption": f"Scores at each meeting ({SCALE_LOW} to {SCALE_HIGH})",
                      "head": ["Person"] + [c["label"] + (f" ({c['date']})" if c.get("date") else "") for c in columns],
                      "rows": rows}}


def _clip(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _spread_labels(labels: list[dict[str, Any]], low: float, high: float) -> None:
    """Move the line labels apart so that none overlaps another, keeping each near its line."""
    ordered = sorted(labels, key=lambda label: label["y"])
    for before, label in zip(ordered, ordered[1:]):
        label["y"] = max(label["y"], before["y"] + LABEL_GAP)
    if ordered and ordered[-1]["y"] > high:  # pushed off the bottom: push back up from there
        ordered[-1]["y"] = high
        for after, label in zip(reversed(ordered), list(reversed(ordered))[1:]):
            label["y"] = min(label["y"], after["y"] - LABEL_GAP)
    for label in ordered:
        label["y"] = round(max(label["y"], low), 1)


def _band(score: int) -> str:
    return next(text for low, high, text in SCALE_BANDS if low <= score <= high)


def _score_summary(name: str, given: list[tuple[int, int]], columns: list[dict[str, str]]) -> str:
    parts = ", ".join(f"{score} at {columns[c]['long']}" for c, score in given)
    last = given[-1][1]
    text = f"{name}: {parts}"
    if len(given) > 1:
        change = last - given[0][1]
        text += ("; no change since the first score" if change == 0 else
                 f"; {'up' if change > 0 else 'down'} {abs(change)} since the first score")
    return text + f". The latest score means {_band(last)}."
