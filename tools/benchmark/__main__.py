"""Benchmark the handbook's Python-in-the-browser tools against a page without a tool and against
a peer page that starts the same Pyodide on the main thread.

    .venv/bin/python -m tools.benchmark                 # everything, 5 runs
    .venv/bin/python -m tools.benchmark --runs 1 --only latency
    .venv/bin/python -m tools.benchmark --help

It builds the site into a temporary folder, serves it with nginx and the shipped settings in
hosting/nginx/ (it stops if nginx is missing: ./dev test installs it), measures with Debian's
Chromium, prints a table and writes JSON to benchmark-results/. See
docs/maintainers/performance.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

from . import browser as measure
from . import server as serving
from . import site as building
from . import stats

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmark-results"
PARTS = ("build", "plain", "tool", "peer", "latency", "navigation", "phone")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.benchmark", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each part; medians are reported (default 5)")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts to run, from: {', '.join(PARTS)} (default: all)")
    parser.add_argument("--answers", type=int, default=8, help="answers timed in each latency run (default 8)")
    parser.add_argument("--plain-page", help="chapter without a tool, e.g. lead-professional/role-and-functions/")
    parser.add_argument("--tool-page", help="first tool page, e.g. lead-professional/choosing-the-lead-professional/")
    parser.add_argument("--second-page", help="tool page reached by instant navigation, e.g. thresholds/levels-of-need/")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON (default benchmark-results/)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site and server logs")
    parser.add_argument("--headed", action="store_true", help="show the browser (needs a display)")
    arguments = parser.parse_args(argv)
    parts = [part.strip() for part in arguments.only.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"--only: unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    if arguments.runs < 1 or arguments.answers < 1:
        parser.error("--runs and --answers must be at least 1")
    arguments.parts = [part for part in PARTS if part in parts]
    return arguments


# ---------------------------------------------------------------------------------------------
# The machine, and how busy it was
# ---------------------------------------------------------------------------------------------
def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def load_average() -> list[float]:
    fields = _read("/proc/loadavg").split()
    return [float(x) for x in fields[:3]] if len(fields) >= 3 else []


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    line = _read("/proc/stat").splitlines()[0:1]
    if not line:
        return 0, 0
    values = [int(x) for x in line[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


class LoadSampler:
    """Samples the 1-minute load average and CPU use every few seconds while the benchmark runs
    (the benchmark's own work included: on 2 cores it keeps about one busy)."""

    def __init__(self, every: float = 5.0) -> None:
        self.every = every
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.start_times = cpu_times()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            average = load_average()
            if average:
                self.samples.append(average[0])

    def start(self) -> "LoadSampler":
        self._thread.start()
        return self

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join(timeout=1)
        busy0, total0 = self.start_times
        busy1, total1 = cpu_times()
        share = (busy1 - busy0) / (total1 - total0) if total1 > total0 else None
        mean = sum(self.samples) / len(self.samples) if self.samples else None
        return {"load_1min_mean": mean, "load_1min_max": max(self.samples, default=None), "cpu_busy_share": share}


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((line.split(":", 1)[1].strip() for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal")), "unknown")
    return {"cpu": model, "cores": os.cpu_count(), "memory": memory, "system": platform.platform(),
            "python": platform.python_version(), "load_average_at_start": load_average()}


def git_commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return result.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------
def say(message: str) -> None:
    print(message, flush=True)


def attempt(what: str, action):
    """Run one measurement; a failure is recorded and the benchmark carries on."""
    try:
        return action()
    except Exception as error:  # noqa: BLE001 - any failure of one run must not lose the others
        say(f"    {what} failed: {error}")
        return {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc(limit=3)}


def time_builds(runs: int, work: Path) -> list[dict]:
    """Each run: a build of a fresh copy of the working tree (no .cache: the wheel, the lean
    standard library and the compressed copies are all made), then a rebuild of the working
    tree itself, whose .cache is warm, as a maintainer's or a council's second build."""
    results = []
    for number in range(runs):
        checkout = building.fresh_copy(work / f"checkout-{number}")
        fresh = attempt("build of a fresh copy", lambda: building.build(work / f"fresh-{number}", checkout=checkout))
        shutil.rmtree(checkout, ignore_errors=True)
        shutil.rmtree(work / f"fresh-{number}", ignore_errors=True)
        again = attempt("rebuild", lambda: building.build(work / f"build-{number}"))
        shutil.rmtree(work / f"build-{number}", ignore_errors=True)
        result = {"fresh_seconds": fresh if isinstance(fresh, float) else None,
                  "seconds": again if isinstance(again, float) else None}
        say(f"  build {number + 1}/{runs}: fresh copy {stats.format_value(result['fresh_seconds'], 's')}, "
            f"rebuild {stats.format_value(result['seconds'], 's')}")
        results.append({"build": result})
    return results


def build_for_serving(target: Path, url: str) -> float:
    """Build the site to serve. Another helper editing src/decision during the build can leave a
    page naming a wheel that was never copied; such a build is made again, up to twice."""
    for tries in range(3):
        seconds = building.build(target, url)
        missing = building.missing_runtime_files(target)
        if not missing:
            return seconds
        say(f"  the build names files it did not write ({', '.join(missing)}); building again")
        shutil.rmtree(target, ignore_errors=True)
    raise building.SiteProblem(f"the build keeps naming files it did not write: {', '.join(missing)}")


def run_browser_parts(arguments, server, pages, runs: list[dict]) -> dict:
    from playwright.sync_api import sync_playwright

    base = server.url
    with sync_playwright() as playwright:
        chromium = measure.launch(playwright, arguments.headed)
        version = measure.browser_version(chromium)
        say(f"Browser: {version}")
        for number in range(arguments.runs):
            say(f"Run {number + 1}/{arguments.runs}")
            run: dict = {}
            if "plain" in arguments.parts:
                run["plain"] = attempt("page without a tool", lambda: measure.cold_and_warm(
                    chromium, base + pages.plain, server, python=False))
                _report(run["plain"], "page without a tool", ("fcp", "heading", "bytes", "runtime_bytes"))
            if "tool" in arguments.parts:
                run["tool"] = attempt("tool page", lambda: measure.cold_and_warm(
                    chromium, base + pages.tool, server, python=True))
                _report(run["tool"], "tool page", ("fcp", "question", "ready", "bytes"))
            if "peer" in arguments.parts:
                run["peer"] = attempt("peer page", lambda: measure.cold_and_warm(
                    chromium, base + pages.peer, server, python=True))
                _report(run["peer"], "peer page", ("fcp", "question", "pyodide_loaded", "ready", "bytes"))
            if "latency" in arguments.parts:
                run["latency"] = attempt("answer latency", lambda: measure.answer_latency(
                    chromium, base + pages.tool, arguments.answers))
                if "answers_ms" in run["latency"]:
                    say("    answer latency: " + ", ".join(f"{ms:.0f}" for ms in run["latency"]["answers_ms"]) + " ms")
            if "navigation" in arguments.parts:
                run["navigation"] = attempt("instant navigation", lambda: measure.instant_navigation(
                    chromium, base, pages.tool, pages.second, pages.second_tree))
                if "ready" in run["navigation"]:
                    nav = run["navigation"]
                    say(f"    instant navigation: question {_ms(nav['question'])}, ready {_ms(nav['ready'])}"
                        f"{'' if nav['instant'] else ' (NOT instant: the page was reloaded)'}")
            if "phone" in arguments.parts:
                run["phone"] = attempt("phone profile", lambda: measure.phone(
                    chromium, base + pages.plain, base + pages.tool, server))
                _report_phone(run["phone"])
            runs.append(run)
        chromium.close()
    return {"browser": version}


def _ms(value) -> str:
    return "?" if value is None else f"{value:.0f} ms"


def _report_phone(result: dict) -> None:
    plain, tool = result.get("plain") or {}, result.get("tool") or {}
    if plain:
        say(f"    phone, page without a tool: fcp {_ms(plain.get('fcp'))}, heading {_ms(plain.get('heading'))}, "
            f"bytes {stats.format_value(plain.get('bytes'), 'bytes')}")
    if tool:
        download = tool.get("worker_runtime_download") or {}
        say(f"    phone, tool page: question {_ms(tool.get('question'))}, answered {_ms(tool.get('answered'))}, "
            f"answer processed {_ms(tool.get('first_answer'))} (bound {_ms(tool.get('first_answer_bound'))}), "
            f"three answers drawn in {', '.join(_ms(ms) for ms in (tool.get('continue_to_step') or {}).values())}, "
            f"runtime downloaded {_ms(tool.get('runtime_downloaded'))}, "
            f"ready {_ms(tool.get('ready'))}, bytes {stats.format_value(tool.get('bytes'), 'bytes')}, "
            f"runtime {stats.format_value(tool.get('runtime_bytes'), 'bytes')}")
        if download.get("seconds") is not None:
            say(f"    phone, the worker's runtime download: {download['bytes']:,} bytes in {download['seconds']:.1f} s "
                f"(at least {download['at_profile_speed_seconds']:.1f} s at the profile's speed)")
    refused = sorted({f"{kind} {method}" for kind, method, reply in tool.get("throttle_replies", []) if reply != "ok"})
    if refused:
        say(f"    phone, refused by Chromium (not slowed): {', '.join(refused)}")
    for error in plain.get("page_errors", []) + tool.get("page_errors", []):
        say(f"      page error: {error}")


def _report(result: dict, name: str, keys: tuple[str, ...]) -> None:
    for visit in ("cold", "warm"):
        data = result.get(visit)
        if not data:
            continue
        shown = []
        for key in keys:
            value = data.get(key)
            unit = "bytes" if "bytes" in key else "ms"
            shown.append(f"{key} {stats.format_value(value, unit)}")
        label = "first visit" if visit == "cold" else "repeat visit"
        say(f"    {name}, {label}: " + ", ".join(shown))
        for error in data.get("page_errors", []):
            say(f"      page error: {error}")


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    started = datetime.datetime.now(datetime.timezone.utc)
    about = machine()
    say(f"Machine: {about['cpu']}, {about['cores']} cores, {about['memory']}; "
        f"load average at start {about['load_average_at_start']}")
    sampler = LoadSampler().start()
    work = Path(tempfile.mkdtemp(prefix="benchmark-", dir="/tmp"))
    why = serving.choose_server()
    server = None
    runs: list[dict] = []
    extra: dict = {}
    try:
        if "build" in arguments.parts:
            say(f"Timing the site build ({arguments.runs} runs)")
            runs.extend(time_builds(arguments.runs, work))
        browser_parts = [part for part in arguments.parts if part != "build"]
        pages = None
        if browser_parts:
            port = serving.free_port()
            site_dir = work / "site"
            url = f"http://127.0.0.1:{port}{serving.SUBPATH}"
            say(f"Building the site for {url}")
            extra["build_for_serving_seconds"] = build_for_serving(site_dir, url)
            pages = building.choose_pages(site_dir, arguments.plain_page, arguments.tool_page, arguments.second_page)
            extra["prepared"] = building.prepare(site_dir, pages)
            server = serving.start_nginx(site_dir, port, work / "server")
            say(f"Server: {server.kind}: {server.description} ({why})")
            say(f"Pages: without a tool {pages.plain}; tool {pages.tool} ({pages.tool_tree}); "
                f"second tool {pages.second} ({pages.second_tree}); peer {pages.peer}")
            extra.update(run_browser_parts(arguments, server, pages, runs))
    finally:
        load = sampler.stop()
        if server:
            server.stop()
        if arguments.keep:
            say(f"Kept the site and logs in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    summary = stats.medians(runs)
    table = stats.rows(summary)
    met, missed, unknown = stats.targets_summary(table)
    say("")
    busy = f"{load['load_1min_mean']:.1f}" if load["load_1min_mean"] is not None else "unknown"
    say(f"Medians of {arguments.runs} run(s); server: {server.kind if server else 'none'}; "
        f"1-minute load average during the run {busy} on {about['cores']} cores")
    say(stats.format_table(table))
    say(f"Targets: {met} met, {missed} missed, {unknown} not measured")

    result = {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "-m", "tools.benchmark", *(argv or sys.argv[1:])]),
        "commit": git_commit(),
        "machine": about,
        "load": load,
        "runs": arguments.runs,
        "parts": arguments.parts,
        "server": {"kind": server.kind, "description": server.description, "why": why} if server else None,
        "pages": pages.as_dict() if pages else None,
        **extra,
        "summary": summary,
        "table": [row.as_dict() for row in table],
        "markdown": stats.format_markdown(table),
        "markdown_compact": stats.format_markdown_compact(table),
        "raw": runs,
    }
    arguments.out.mkdir(parents=True, exist_ok=True)
    path = arguments.out / f"benchmark-{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    shutil.copy(path, arguments.out / "latest.json")
    say(f"Wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    errors = sum(1 for run in runs for part in run.values() if isinstance(part, dict) and "error" in part)
    if errors:
        say(f"{errors} measurement(s) failed; see 'error' in the JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
