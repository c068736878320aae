"""The benchmark's pure parts: medians, the table, the targets, the caching rules, the pages it
prepares. The benchmark itself (tools/benchmark) is run by hand, not by the test suite."""

from __future__ import annotations

import pytest

from benchmark import browser, server, site, stats


# ---------------------------------------------------------------------------------------------
# Medians and ratios
# ---------------------------------------------------------------------------------------------
def test_median_ignores_failed_runs():
    assert stats.median([3, None, 1, 2]) == 2
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.median([None, None]) is None
    assert stats.median([]) is None


def test_ratio_needs_both_values():
    assert stats.ratio(150, 100) == 1.5
    assert stats.ratio(None, 100) is None
    assert stats.ratio(150, None) is None
    assert stats.ratio(150, 0) is None


def test_medians_follow_nested_figures_and_pool_samples():
    runs = [
        {"tool": {"cold": {"ready": 4000, "url": "x", "instant": True}}, "latency": {"answers_ms": [10, 30]}},
        {"tool": {"cold": {"ready": 3000, "url": "x", "instant": True}}, "latency": {"answers_ms": [20]}},
        {"tool": {"cold": {"ready": None}}, "latency": {"error": "TimeoutError"}},
    ]
    summary = stats.medians(runs)
    assert summary["tool.cold.ready"] == 3500
    assert summary["latency.answers_ms"] == 20  # 10, 30 and 20 pooled
    assert "tool.cold.url" not in summary and "tool.cold.instant" not in summary


def test_medians_keep_a_figure_that_always_failed_as_unmeasured():
    assert stats.medians([{"a": {"b": None}}, {"a": {"b": None}}]) == {"a.b": None}


# ---------------------------------------------------------------------------------------------
# Targets and rows
# ---------------------------------------------------------------------------------------------
def row_for(table, key_name):
    return next(row for row in table if row.figure == key_name)


def test_first_question_target_is_a_ratio_to_the_page_without_a_tool():
    figure = stats.Figure("q", "tool.cold.question", "ms", (stats.PLAIN_FCP_COLD,), stats.ratio_at_most(1.1, "≤ 1.1×"))
    met = stats.rows({"tool.cold.question": 330, "plain.cold.fcp": 300}, [figure])[0]
    assert met.ratio == pytest.approx(1.1) and met.met is True
    missed = stats.rows({"tool.cold.question": 331, "plain.cold.fcp": 300}, [figure])[0]
    assert missed.met is False
    assert missed.baseline == 300 and missed.baseline_name == "no-tool page FCP"


def test_repeat_visit_target_uses_the_bare_boot_and_falls_back_to_the_tool_cold_start():
    figure = next(f for f in stats.FIGURES if f.key == "tool.warm.ready")
    with_peer = stats.rows({"tool.warm.ready": 600, "peer.cold.pyodide_loaded": 3000, "tool.cold.ready": 5000},
                           [figure])[0]
    assert with_peer.baseline == 3000 and with_peer.met is True  # 0.2 times: the target, just met
    assert stats.rows({"tool.warm.ready": 601, "peer.cold.pyodide_loaded": 3000}, [figure])[0].met is False
    without_peer = stats.rows({"tool.warm.ready": 2000, "tool.cold.ready": 5000}, [figure])[0]
    assert without_peer.baseline == 5000 and without_peer.met is False
    assert "tool page" in without_peer.baseline_name


def test_first_visit_target_is_a_ratio_to_the_peer_pages_python_ready():
    figure = next(f for f in stats.FIGURES if f.key == "tool.cold.ready")
    assert stats.rows({"tool.cold.ready": 2250, "peer.cold.ready": 5000}, [figure])[0].met is True
    assert stats.rows({"tool.cold.ready": 2251, "peer.cold.ready": 5000}, [figure])[0].met is False


@pytest.mark.parametrize(("key", "value", "met"), [
    ("latency.answers_ms", 49.9, True),
    ("latency.answers_ms", 50, False),
    ("tool.cold.bytes", 5_000_000, True),
    ("tool.cold.bytes", 5_000_001, False),
    ("plain.cold.runtime_bytes", 0, True),
    ("plain.cold.runtime_bytes", 1, False),
    ("build.seconds", 14.9, True),
    ("build.seconds", 15.0, False),
])
def test_absolute_targets(key, value, met):
    figure = next(f for f in stats.FIGURES if f.key == key)
    assert stats.rows({key: value}, [figure])[0].met is met


def test_unmeasured_figures_are_left_out_and_failed_ones_are_unknown():
    table = stats.rows({"latency.answers_ms": None})
    assert [row.figure for row in table] == [next(f.name for f in stats.FIGURES if f.key == "latency.answers_ms")]
    assert table[0].met is None
    assert stats.targets_summary(table) == (0, 0, 1)


def test_every_figure_has_a_unit_the_table_can_show():
    for figure in stats.FIGURES:
        assert figure.unit in ("ms", "s", "bytes")
        assert stats.format_value(1234, figure.unit) != "1234"


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "unit", "shown"), [
    (3.25, "ms", "3.2 ms"),
    (1234.4, "ms", "1,234 ms"),
    (2.345, "s", "2.3 s"),
    (999, "bytes", "999 B"),
    (13_400, "bytes", "13.4 kB"),
    (4_876_543, "bytes", "4.88 MB"),
    (None, "ms", "not measured"),
])
def test_format_value(value, unit, shown):
    assert stats.format_value(value, unit) == shown


def sample_table():
    return stats.rows({"tool.cold.question": 420, "plain.cold.fcp": 300, "plain.warm.fcp": 100,
                       "latency.answers_ms": 31.0})


def test_table_has_one_line_per_figure_under_aligned_headings():
    text = stats.format_table(sample_table()).splitlines()
    assert text[0].split()[:2] == ["Figure", "Value"]
    assert set(text[1]) <= {"-", " "}
    assert len(text) == 2 + 4  # two figures of the page without a tool, the question, the latency
    question = next(line for line in text if line.startswith("Tool page: first question painted, first visit"))
    assert "420 ms" in question and "300 ms (no-tool page FCP)" in question and "1.40×" in question
    assert question.rstrip().endswith("NO")
    assert text[0].index("Value") == question.index("420 ms")  # columns line up


def test_markdown_table_escapes_pipes_and_has_a_header_rule():
    lines = stats.format_markdown(sample_table()).splitlines()
    assert lines[0] == "| Figure | Value | Baseline | Ratio | Target | Met? |"
    assert lines[1] == "|---|---|---|---|---|---|"
    assert all(line.count("|") == 7 for line in lines)
    assert any("| yes |" in line for line in lines)


def test_compact_markdown_table_puts_value_baseline_and_ratio_in_one_cell():
    lines = stats.format_markdown_compact(sample_table()).splitlines()
    assert lines[0] == "| Figure | Result | Target: met? |"
    assert all(line.count("|") == 4 for line in lines)
    question = next(line for line in lines if "first question painted, first visit" in line)
    assert "| 420 ms; 1.40× no-tool page FCP (300 ms) | ≤ 1.1× baseline: NO |" in question


def test_met_column_is_empty_without_a_target():
    assert stats.format_met(None, "") == ""
    assert stats.format_met(False, "< 50 ms") == "NO"
    assert stats.format_met(None, "< 50 ms") == "unknown"


# ---------------------------------------------------------------------------------------------
# The server: nginx, or nothing
# ---------------------------------------------------------------------------------------------
def test_without_nginx_the_benchmark_stops_and_says_why(monkeypatch):
    monkeypatch.setattr(server, "nginx_available", lambda: "Debian's nginx is not installed (apt-get install nginx)")
    with pytest.raises(SystemExit, match="needs Debian's nginx.*apt-get install nginx"):
        server.choose_server()


def test_the_nginx_log_gives_status_bytes_and_address(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("200 5120 /handbook/\n304 180 /handbook/assets/a b.js\nnot a line\n")
    assert server._read_nginx_log(log) == [server.LogEntry(200, 5120, "/handbook/"),
                                           server.LogEntry(304, 180, "/handbook/assets/a b.js")]
    assert server._read_nginx_log(tmp_path / "missing.log") == []


# ---------------------------------------------------------------------------------------------
# The prepared copy of the site
# ---------------------------------------------------------------------------------------------
TOOL_PAGE = """<html><head><script src="../../assets/handbook/lp-tools.0672138caf.js" async data-start-python></script>
</head><body><h1 id="t">Choosing</h1>
<div class="lp-tool" id="lp-allocation" data-tree="allocation"><h3 class="lp-question__text" tabindex="-1">Which?</h3></div>
<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>
<script src="../../assets/handbook/lp-tools.0672138caf.js"></script>
<script src="../../assets/handbook/lp-training.f17e802c9f.js"></script>
</body></html>"""


def test_headings_are_marked_for_element_timing():
    marked = site.mark_headings(TOOL_PAGE)
    assert '<h1 elementtiming="lp-heading" id="t">' in marked
    assert '<h3 elementtiming="lp-question" class="lp-question__text"' in marked


def test_peer_page_keeps_the_question_and_swaps_the_handbook_scripts_for_pyodide():
    peer = site.peer_html(TOOL_PAGE, "../../assets/handbook/pyodide/314.0.7/")
    assert "lp-tools." not in peer and "lp-training." not in peer
    assert "bundle.a5f9d56c.min.js" in peer and "Which?" in peer
    assert peer.index('<script src="../../assets/handbook/pyodide/314.0.7/pyodide.js"></script>') \
        < peer.index(f'<script src="{site.PEER_SCRIPT}"></script>') < peer.index("</body>")


def test_peer_page_refuses_a_page_it_does_not_recognise():
    with pytest.raises(site.SiteProblem):
        site.peer_html("<html><body></body></html>", "x/")


def test_peer_script_starts_python_on_the_main_thread_and_marks_the_tool_ready():
    script = site.peer_script("../../p/", "../../w/a.whl", "allocation")
    assert "loadPyodide(" in script and "new Worker" not in script
    assert '"decision.trees.allocation"' in script and 'dataset.runtime = "ready"' in script


def fake_site(root, pages):
    for page, html in pages.items():
        path = root / page / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html)
    return root


def tool_html(tree):
    return f'<div class="lp-tool" id="lp-{tree}" data-tree="{tree}"></div>'


def test_pages_are_chosen_by_the_trees_they_hold(tmp_path):
    root = fake_site(tmp_path, {
        "": "<h1>Home</h1>",
        "a/plain/": "<h1>Plain</h1>",
        "a/other/": tool_html("engagement"),
        "b/threshold/": tool_html("threshold"),
        "b/allocation/": tool_html("allocation"),
    })
    pages = site.choose_pages(root)
    assert (pages.plain, pages.tool, pages.second) == ("a/plain/", "b/allocation/", "b/threshold/")
    assert pages.tool_tree == "allocation" and pages.second_tree == "threshold"
    assert pages.peer == "b/allocation/peer.html"
    asked = site.choose_pages(root, tool="a/other/", second="b/allocation/")
    assert (asked.tool, asked.second) == ("a/other/", "b/allocation/")
    with pytest.raises(site.SiteProblem):
        site.choose_pages(root, plain="b/threshold/")


def test_missing_runtime_files_named_by_the_tools_script_are_found(tmp_path):
    folder = tmp_path / "assets" / "handbook"
    (folder / "wheels" / "abc").mkdir(parents=True)
    (folder / "wheels" / "abc" / "a.whl").write_text("")
    (folder / "lp-tools.0123456789.js").write_text('{"wheel": "wheels/abc/a.whl", "other": "wheels/def/b.whl"}')
    assert site.missing_runtime_files(tmp_path) == ["wheels/def/b.whl"]


# ---------------------------------------------------------------------------------------------
# Reading what the browser recorded
# ---------------------------------------------------------------------------------------------
def test_relative_links_between_pages():
    assert browser.relative_link("lead-professional/choosing/", "thresholds/levels-of-need/") \
        == "../../thresholds/levels-of-need/"


@pytest.mark.parametrize(("url", "runtime"), [
    ("http://h/handbook/assets/handbook/pyodide/314.0.7/pyodide.asm.wasm", True),
    ("http://h/handbook/assets/handbook/stdlib/6befe3851c/python_stdlib.zip", True),
    ("http://h/handbook/assets/handbook/wheels/ab12/x.whl", True),
    ("http://h/handbook/assets/handbook/lp-tools.0672138caf.js", False),
    ("http://h/handbook/search/search_index.json", False),
])
def test_runtime_downloads_are_recognised(url, runtime):
    assert browser.is_runtime(url) is runtime


def test_byte_counts_leave_out_cached_responses():
    transfers = [browser.Transfer("http://h/a.html", 1000, "page", False),
                 browser.Transfer("http://h/pyodide/x.wasm", 3000, "worker", False),
                 browser.Transfer("http://h/b.css", 500, "page", True)]
    counts = browser.byte_counts(transfers)
    assert counts["bytes"] == 4000 and counts["runtime_bytes"] == 3000
    assert counts["requests"] == 3 and counts["from_cache"] == 1


def test_first_times_and_blocking():
    bench = {"elements": [["lp-question", 300], ["lp-heading", 250], ["lp-question", 900]],
             "runtime": [["starting", 400, "a"], ["ready", 5000, "a"], ["ready", 7000, "b"]],
             "longTasks": [[100, 120], [600, 40], [6000, 500]]}
    assert browser.first_element(bench, "lp-question") == 300
    assert browser.first_element(bench, "lp-question", after=500) == 900
    assert browser.first_runtime(bench, "ready") == 5000
    assert browser.first_runtime(bench, "ready", tree="b") == 7000
    assert browser.blocking(bench, until=5000) == {"longest_task": 120, "blocking_time": 70}


def test_a_fresh_copy_leaves_out_caches_and_environments_only_at_the_top():
    top = site._not_copied(str(site.ROOT), [".cache", ".venv", "site", "docs", "tools", "__pycache__"])
    assert top == {".cache", ".venv", "site", "__pycache__"}
    inner = site._not_copied(str(site.ROOT / "tests"), ["build", "site", "__pycache__"])
    assert inner == {"__pycache__"}


# ---------------------------------------------------------------------------------------------
# The phone profile
# ---------------------------------------------------------------------------------------------
def test_phone_profile_is_lighthouses_mobile_setting():
    assert stats.PHONE.cpu_slowdown == 4
    assert stats.PHONE.latency_ms == 150
    assert stats.PHONE.down_bytes_per_s == pytest.approx(1.6 * 1024 * 1024 / 8)  # 1.6 Mbit/s, as Lighthouse counts
    assert stats.PHONE.up_bytes_per_s == pytest.approx(750 * 1024 / 8)


def test_throttle_commands_slow_the_processor_and_the_network():
    assert browser.throttle_commands(stats.PHONE) == [
        ("Emulation.setCPUThrottlingRate", {"rate": 4}),
        ("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                              "downloadThroughput": 209_715.2, "uploadThroughput": 96_000.0}),
    ]


class FakeSession:
    def __init__(self):
        self.sent = []

    def send(self, method, params=None):
        self.sent.append((method, params))

    def on(self, event, handler):
        pass


class FakeContext:
    def __init__(self):
        self.session = FakeSession()

    def new_cdp_session(self, page):
        return self.session


def worker_messages(session):
    """The commands sent to workers through Target.sendMessageToTarget, unwrapped."""
    import json
    return [(params["sessionId"], json.loads(params["message"])) for method, params in session.sent
            if method == "Target.sendMessageToTarget"]


def test_the_page_is_throttled_before_it_is_asked_for_and_each_worker_before_it_runs():
    context = FakeContext()
    commands = browser.throttle_commands(stats.PHONE)
    probe = browser.NetworkProbe.attach(context, page=None, throttle=commands)
    page_methods = [method for method, _ in context.session.sent]
    assert page_methods[:3] == ["Network.enable", "Emulation.setCPUThrottlingRate", "Network.emulateNetworkConditions"]
    assert context.session.sent[2][1]["downloadThroughput"] == stats.PHONE.down_bytes_per_s
    probe._attached({"sessionId": "w1", "targetInfo": {"type": "worker"}})
    sent = [message for session_id, message in worker_messages(context.session) if session_id == "w1"]
    assert [m["method"] for m in sent] == ["Network.enable", "Runtime.enable", "Emulation.setCPUThrottlingRate",
                                           "Network.emulateNetworkConditions", "Runtime.runIfWaitingForDebugger"]
    assert sent[2]["params"] == {"rate": 4} and sent[3]["params"]["latency"] == 150
    assert len({m["id"] for m in sent}) == len(sent)  # replies can be told apart


def test_a_worker_that_refuses_to_be_throttled_is_recorded():
    import json
    context = FakeContext()
    probe = browser.NetworkProbe.attach(context, page=None, throttle=browser.throttle_commands(stats.PHONE))
    probe._attached({"sessionId": "w1", "targetInfo": {"type": "worker"}})
    ids = {m["method"]: m["id"] for _, m in worker_messages(context.session)}
    for method, reply in (("Emulation.setCPUThrottlingRate", {"error": {"message": "only supported for pages"}}),
                          ("Network.emulateNetworkConditions", {"result": {}}),
                          ("Network.enable", {"result": {}})):
        probe._from_target({"sessionId": "w1", "message": json.dumps({"id": ids[method], **reply})})
    assert probe.replies[-2:] == [["worker", "Emulation.setCPUThrottlingRate", "only supported for pages"],
                                  ["worker", "Network.emulateNetworkConditions", "ok"]]
    assert not any(reply[1] == "Network.enable" for reply in probe.replies)


def test_without_a_profile_nothing_is_throttled():
    context = FakeContext()
    probe = browser.NetworkProbe.attach(context, page=None)
    probe._attached({"sessionId": "w1", "targetInfo": {"type": "worker"}})
    methods = [method for method, _ in context.session.sent] + [m["method"] for _, m in worker_messages(context.session)]
    assert not any(method.startswith("Emulation.") or method == "Network.emulateNetworkConditions" for method in methods)


def test_the_first_answer_bound_is_the_runtimes_download_at_phone_speed_plus_two_seconds():
    assert stats.download_ms(209_715.2) == pytest.approx(1000)
    assert stats.first_answer_bound_ms(4_194_304) == pytest.approx(20_000 + 2000)  # 4 MiB at 1.6 × 1024 kbit/s
    assert stats.first_answer_bound_ms(None) is None


@pytest.mark.parametrize(("size", "seconds", "throttled"), [
    (2_097_152, 10.0, True),  # exactly the profile's speed
    (2_097_152, 9.9, False),  # faster than the profile allows: not throttled
    (2_097_152, None, None),
    (0, 1.0, None),
])
def test_a_download_is_throttled_only_if_it_took_as_long_as_the_profile_allows(size, seconds, throttled):
    assert stats.was_throttled(size, seconds) is throttled


def test_the_runtimes_download_is_timed_from_the_workers_first_request_to_its_last_byte():
    transfers = [browser.Transfer("http://h/handbook/x/", 18_000, "page", False, 100.0, 100.4),
                 browser.Transfer("http://h/p/pyodide.asm.wasm", 3_000_000, "worker", False, 101.0, 116.0),
                 browser.Transfer("http://h/stdlib/python_stdlib.zip", 800_000, "worker", False, 102.0, 120.5),
                 browser.Transfer("http://h/p/pyodide.asm.js", 260_000, "worker", True, 101.0, 101.1),
                 browser.Transfer("http://h/search/search_index.json", 130_000, "worker", False, 99.0, 130.0)]
    assert browser.runtime_download(transfers) == (3_800_000, 19.5)
    assert browser.runtime_downloaded_at(transfers) == pytest.approx(20_500)
    assert browser.runtime_download(transfers[:1]) == (0, None)
    assert browser.runtime_downloaded_at(transfers[1:]) is None  # no request of the page's own to count from


def test_phone_targets_compare_with_the_phone_baselines():
    summary = {"phone.plain.fcp": 900, "plain.cold.fcp": 300, "phone.tool.question": 990,
               "phone.tool.first_answer": 24_000, "phone.tool.first_answer_bound": 24_000}
    table = {row.figure: row for row in stats.rows(summary)}
    question = table["Phone: tool page: first question painted, first visit"]
    assert question.baseline == 900 and question.ratio == pytest.approx(1.1) and question.met is True
    answer = table["Phone: tool page: reader's first answer processed (answered once painted)"]
    assert answer.baseline == 24_000 and answer.met is True
    summary["phone.tool.first_answer"] = 24_001
    assert row_for(stats.rows(summary), answer.figure).met is False
    summary["phone.tool.question"] = 991
    assert row_for(stats.rows(summary), question.figure).met is False


def test_the_phone_part_runs_by_default_and_on_its_own():
    from benchmark import __main__ as benchmark
    assert "phone" in benchmark.parse_arguments([]).parts
    assert benchmark.parse_arguments(["--only", "plain,phone"]).parts == ["plain", "phone"]
