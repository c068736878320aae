"""The benchmark's arithmetic: medians over runs, the table of figures, and the targets.

Pure functions only, so tests/unit/test_benchmark.py can check them without a browser.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from typing import Callable, Iterable

MB = 1_000_000


def median(values: Iterable[float | None]) -> float | None:
    """The median of the values that were measured (None marks a failed run)."""
    present = [float(v) for v in values if v is not None]
    return statistics.median(present) if present else None


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or baseline is None or baseline == 0:
        return None
    return value / baseline


def medians(runs: list[dict], prefix: str = "") -> dict:
    """Per-figure medians over runs of the same shape. Numbers nested in dicts are found by
    their dotted path; lists of numbers (samples) are pooled across runs before the median."""
    paths: dict[str, list] = {}

    def walk(value, path):
        if isinstance(value, bool) or value is None:
            paths.setdefault(path, [])
            if value is None:
                paths[path].append(None)
        elif isinstance(value, (int, float)):
            paths.setdefault(path, []).append(value)
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else key)
        elif isinstance(value, list) and all(isinstance(v, (int, float)) for v in value):
            paths.setdefault(path, []).extend(value)

    for run in runs:
        walk(run, prefix)
    return {path: median(values) for path, values in paths.items() if values}


# ---------------------------------------------------------------------------------------------
# The phone profile: Lighthouse's mobile setting ("Slow 4G"), applied through the DevTools protocol
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    cpu_slowdown: float  # Emulation.setCPUThrottlingRate's rate: 4 means four times slower
    latency_ms: float  # added to each request: the round trip
    down_bytes_per_s: float
    up_bytes_per_s: float
    answer_allowance_ms: float  # the reader's first answer: the runtime's download time plus this


# Lighthouse's own figures (its constants.js, mobileSlow4G): 150 ms, 1.6 × 1024 kbit/s down and
# 750 kbit/s up (Lighthouse counts 1024 bits to a kilobit and turns them into bytes the same way),
# a processor four times slower. Lighthouse's own DevTools throttling stretches the latency to
# 562.5 ms and the throughput to 0.9 times, because throttling each request is kinder than a slow
# line; the benchmark applies the nominal figures, as the issue that asked for it does.
PHONE = Profile(cpu_slowdown=4, latency_ms=150, down_bytes_per_s=1.6 * 1024 * 1024 / 8,
                up_bytes_per_s=750 * 1024 / 8, answer_allowance_ms=2000)


def download_ms(size: float | None, profile: Profile = PHONE) -> float | None:
    """How long `size` bytes take to arrive at the profile's download speed, in milliseconds."""
    return None if size is None else size / profile.down_bytes_per_s * 1000


def first_answer_bound_ms(runtime_bytes: float | None, profile: Profile = PHONE) -> float | None:
    """The latest the reader's first answer may be processed on the phone profile: the time the
    runtime's bytes (as measured on that visit) take to download at the profile's speed, plus
    the allowance (2 s) for starting Python and answering."""
    download = download_ms(runtime_bytes, profile)
    return None if download is None else download + profile.answer_allowance_ms


def was_throttled(size: int, seconds: float | None, profile: Profile = PHONE) -> bool | None:
    """Did `size` bytes take at least as long as the profile's download speed allows? None when
    nothing was downloaded or no time was recorded."""
    if not size or seconds is None:
        return None
    return seconds * 1000 >= download_ms(size, profile)


# ---------------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    text: str  # as shown in the table, e.g. "≤ 1.1× baseline"
    check: Callable[[float | None, float | None], bool | None]  # (value, ratio) -> met?


def at_most(limit: float, text: str) -> Target:
    return Target(text, lambda value, _: None if value is None else value <= limit)


def under(limit: float, text: str) -> Target:
    return Target(text, lambda value, _: None if value is None else value < limit)


def ratio_at_most(limit: float, text: str) -> Target:
    return Target(text, lambda _, r: None if r is None else r <= limit)


NONE = Target("", lambda value, r: None)


# ---------------------------------------------------------------------------------------------
# Rows of the table
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    name: str
    key: str  # dotted path into the summary
    unit: str  # "ms", "s" or "bytes"
    baselines: tuple[tuple[str, str], ...] = ()  # (key, short name) in order of preference
    target: Target = NONE


@dataclass
class Row:
    figure: str
    value: float | None
    unit: str
    baseline: float | None
    baseline_name: str
    ratio: float | None
    target: str
    met: bool | None

    def as_dict(self) -> dict:
        return asdict(self)


PLAIN_FCP_COLD = ("plain.cold.fcp", "no-tool page FCP")
PLAIN_FCP_WARM = ("plain.warm.fcp", "no-tool page FCP")
BARE_BOOT = (("peer.cold.pyodide_loaded", "bare boot: peer loadPyodide, first visit"),
             ("tool.cold.ready", "tool page Python ready, first visit"))

PHONE_PLAIN_FCP = ("phone.plain.fcp", "no-tool page FCP, phone")
PHONE_ANSWER_BOUND = ("phone.tool.first_answer_bound", "runtime's download at 1.6 Mbit/s + 2 s")

FIGURES: tuple[Figure, ...] = (
    Figure("Page without a tool: first contentful paint, first visit", "plain.cold.fcp", "ms"),
    Figure("Page without a tool: first contentful paint, repeat visit", "plain.warm.fcp", "ms"),
    Figure("Page without a tool: DOM content loaded, first visit", "plain.cold.dcl", "ms"),
    Figure("Page without a tool: DOM content loaded, repeat visit", "plain.warm.dcl", "ms"),
    Figure("Tool page: first question painted, first visit", "tool.cold.question", "ms", (PLAIN_FCP_COLD,),
           ratio_at_most(1.1, "≤ 1.1× baseline")),
    Figure("Tool page: first question painted, repeat visit", "tool.warm.question", "ms", (PLAIN_FCP_WARM,),
           ratio_at_most(1.1, "≤ 1.1× baseline")),
    Figure("Tool page: DOM content loaded, first visit", "tool.cold.dcl", "ms", (("plain.cold.dcl", "no-tool page DCL"),)),
    Figure("Peer page: first question painted, first visit", "peer.cold.question", "ms", (PLAIN_FCP_COLD,)),
    Figure("Peer page: first question painted, repeat visit", "peer.warm.question", "ms", (PLAIN_FCP_WARM,)),
    Figure("Peer page: bare Pyodide boot (loadPyodide done), first visit", "peer.cold.pyodide_loaded", "ms"),
    Figure("Tool page: Python ready, first visit", "tool.cold.ready", "ms",
           (("peer.cold.ready", "peer Python ready, first visit"),), ratio_at_most(0.45, "≤ 0.45× peer")),
    Figure("Tool page: Python ready, repeat visit", "tool.warm.ready", "ms", BARE_BOOT,
           ratio_at_most(0.2, "≤ 0.2× bare boot")),
    Figure("Peer page: Python ready, first visit", "peer.cold.ready", "ms"),
    Figure("Peer page: Python ready, repeat visit", "peer.warm.ready", "ms", BARE_BOOT),
    Figure("Tool page: longest main-thread task until Python ready, first visit", "tool.cold.longest_task", "ms",
           (("peer.cold.longest_task", "peer page"),)),
    Figure("Tool page: total blocking time until Python ready, first visit", "tool.cold.blocking_time", "ms",
           (("peer.cold.blocking_time", "peer page"),)),
    Figure("Answer latency: Continue to next step drawn (median of all answers)", "latency.answers_ms", "ms",
           target=under(50, "< 50 ms")),
    Figure("Instant navigation to a second tool: its first question painted", "navigation.question", "ms"),
    Figure("Instant navigation to a second tool: Python ready there", "navigation.ready", "ms",
           (("tool.cold.ready", "tool page Python ready, first visit"),)),
    Figure("Bytes: page without a tool, first visit", "plain.cold.bytes", "bytes"),
    Figure("Bytes: page without a tool, repeat visit", "plain.warm.bytes", "bytes"),
    Figure("Bytes of Python runtime on the page without a tool, first visit", "plain.cold.runtime_bytes", "bytes",
           target=at_most(0, "0 bytes")),
    Figure("Bytes of Python runtime on the page without a tool, repeat visit", "plain.warm.runtime_bytes", "bytes",
           target=at_most(0, "0 bytes")),
    Figure("Bytes: tool page, first visit", "tool.cold.bytes", "bytes", (("peer.cold.bytes", "peer page"),),
           at_most(5 * MB, "≤ 5 MB")),
    Figure("Bytes: tool page, repeat visit", "tool.warm.bytes", "bytes", (("peer.warm.bytes", "peer page"),)),
    Figure("Bytes: tool page, first visit, by the server's log", "tool.cold.server_bytes", "bytes",
           (("peer.cold.server_bytes", "peer page"),), at_most(5 * MB, "≤ 5 MB")),
    Figure("Bytes: tool page, repeat visit, by the server's log", "tool.warm.server_bytes", "bytes",
           (("peer.warm.server_bytes", "peer page"),)),
    Figure("Phone: page without a tool: first contentful paint, first visit", "phone.plain.fcp", "ms"),
    Figure("Phone: page without a tool: main heading painted, first visit", "phone.plain.heading", "ms"),
    Figure("Phone: tool page: first question painted, first visit", "phone.tool.question", "ms", (PHONE_PLAIN_FCP,),
           ratio_at_most(1.1, "≤ 1.1× baseline")),
    Figure("Phone: tool page: reader's first answer processed (answered once painted)", "phone.tool.first_answer",
           "ms", (PHONE_ANSWER_BOUND,), ratio_at_most(1.0, "≤ bound")),
    *(Figure(f"Phone: tool page: Continue to step drawn, answer {n} of 3 (foreseen), first visit",
             f"phone.tool.continue_to_step.{n}", "ms", target=under(300, "≤ 300 ms")) for n in (1, 2, 3)),
    Figure("Phone: tool page: the runtime's last byte arrived, first visit", "phone.tool.runtime_downloaded", "ms"),
    Figure("Phone: tool page: Python ready, first visit", "phone.tool.ready", "ms"),
    Figure("Phone: bytes: tool page, first visit", "phone.tool.bytes", "bytes"),
    Figure("Phone: bytes of Python runtime: tool page, first visit", "phone.tool.runtime_bytes", "bytes"),
    Figure("Site build: mkdocs build --strict, fresh checkout (empty .cache)", "build.fresh_seconds", "s",
           target=under(15, "< 15 s")),
    Figure("Site build: mkdocs build --strict, rebuild (warm .cache)", "build.seconds", "s",
           target=under(15, "< 15 s")),
)


def rows(summary: dict, figures: Iterable[Figure] = FIGURES) -> list[Row]:
    """One row per figure that was measured in this run."""
    table = []
    for figure in figures:
        if figure.key not in summary:
            continue
        value = summary[figure.key]
        baseline, baseline_name = None, ""
        for key, name in figure.baselines:
            if summary.get(key) is not None:
                baseline, baseline_name = summary[key], name
                break
        share = ratio(value, baseline)
        table.append(Row(figure.name, value, figure.unit, baseline, baseline_name, share, figure.target.text,
                         figure.target.check(value, share)))
    return table


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------
def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "ms":
        return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "bytes":
        if value >= MB:
            return f"{value / MB:.2f} MB"
        if value >= 1000:
            return f"{value / 1000:.1f} kB"
        return f"{value:.0f} B"
    return f"{value:g}"


def format_ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}×"


def format_met(met: bool | None, target: str) -> str:
    if not target:
        return ""
    return {True: "yes", False: "NO", None: "unknown"}[met]


def _cells(row: Row) -> list[str]:
    baseline = f"{format_value(row.baseline, row.unit)} ({row.baseline_name})" if row.baseline_name else ""
    return [row.figure, format_value(row.value, row.unit), baseline, format_ratio(row.ratio), row.target,
            format_met(row.met, row.target)]


HEADINGS = ["Figure", "Value", "Baseline", "Ratio", "Target", "Met?"]


def format_table(table: list[Row]) -> str:
    """A plain-text table with aligned columns, for the terminal."""
    lines = [HEADINGS] + [_cells(row) for row in table]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADINGS))]
    out = []
    for number, line in enumerate(lines):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def format_markdown(table: list[Row]) -> str:
    """The same table in Markdown, for docs/maintainers/performance.md."""
    out = ["| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
    for row in table:
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in _cells(row)) + " |")
    return "\n".join(out)


def format_markdown_compact(table: list[Row]) -> str:
    """Three columns instead of six (value, baseline and ratio in one), narrow enough for a
    phone's screen, where the theme gives each column at least 5rem: for the maintainers' page."""
    out = ["| Figure | Result | Target: met? |", "|---|---|---|"]
    for row in table:
        result = format_value(row.value, row.unit)
        if row.baseline_name:
            result += f"; {format_ratio(row.ratio) or '?'} {row.baseline_name} ({format_value(row.baseline, row.unit)})"
        target = f"{row.target}: {format_met(row.met, row.target)}" if row.target else ""
        cells = [row.figure, result, target]
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(out)


def targets_summary(table: list[Row]) -> tuple[int, int, int]:
    """(met, missed, unknown) over the rows that have a target."""
    checked = [row.met for row in table if row.target]
    return checked.count(True), checked.count(False), checked.count(None)
