"""The site build: `mkdocs build --strict` alone makes a complete site with the runtime in it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from support import ROOT, build_site

TOOL_PAGE = "lead-professional/choosing-the-lead-professional/index.html"


def test_the_tool_page_holds_the_first_question_and_the_rules(site_dir):
    html = (site_dir / TOOL_PAGE).read_text()
    assert 'class="lp-tool"' in html and 'data-tree="allocation"' in html
    assert "Which of these best describes the child or young person?" in html
    assert html.count('class="lp-option__input" type="radio"') >= 15
    assert 'class="lp-rules" open' in html  # the rules are open until the tool takes over
    for status in ("The child is looked after by the local authority", "The young person is a care leaver",
                   "The child has special educational needs", "The young person is open to the youth justice service"):
        assert status in html


def test_search_holds_the_chapters_but_not_the_tools_rules_or_the_training_answers(site_dir):
    """The search index is fetched on a first visit to any page. The tools' rules in full repeat
    their chapters' rules (and were a quarter of the index), and the training page's
    hidden tools hold every scenario's result, which a trainee must not find by searching."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    text = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text[page] = text.get(page, "") + doc["title"] + " " + doc["text"]
    tool_page, training_page = "lead-professional/choosing-the-lead-professional/", "training/scenarios/"
    assert "The criteria for choosing a lead" in text[tool_page]  # the chapter itself is found
    assert "Scenario 1" in text[training_page]  # and the cases to practise on
    assert "Which of these best describes the child" in text[tool_page]  # and the tool's first question
    for page, words in ((tool_page, "The rules of this tool in full"), (tool_page, "Which describes the care leaver?"),
                        (training_page, "What to do next"), (training_page, "Which of these best describes the child")):
        assert words not in text[page], f"{page}: {words!r} is in the search index"
    assert len(json.dumps(index)) < 400_000, "the search index has grown: what was added to it?"


def test_the_runtime_is_in_the_site_with_versioned_names(site_dir):
    handbook = site_dir / "assets" / "handbook"
    pyodide = next((handbook / "pyodide").iterdir())
    assert re.fullmatch(r"314\.0\.\d+", pyodide.name)
    assert {p.name for p in pyodide.iterdir()} >= {"pyodide.esm.js", "pyodide.asm.js", "pyodide.asm.wasm",
                                                  "python_stdlib.zip"}
    assert not list(site_dir.rglob("*.mjs")), "module files must ship as .js"
    assert len(list((handbook / "wheels").rglob("*.whl"))) == 1
    for name in ("lp-tools", "lp-worker"):
        assert re.fullmatch(rf"{name}\.[0-9a-f]{{10}}\.js", next(handbook.glob(f"{name}.*.js")).name)
    assert not (handbook / "lp-tools.js").exists(), "unversioned sources must not ship"


def test_the_script_knows_where_the_runtime_is(site_dir):
    script = next((site_dir / "assets" / "handbook").glob("lp-tools.*.js")).read_text()
    assert "/*HANDBOOK_MANIFEST*/" not in script
    manifest = re.search(r'const MANIFEST = (\{.*?\});\n', script).group(1)
    for key in ('"worker": "lp-worker.', '"pyodide": "pyodide/314.0.', '"wheel": "wheels/', '"lock": {"info"'):
        assert key in manifest


def test_the_councils_settings_for_python_are_published_once_hashed_in_the_manifest_and_kept_offline(site_dir):
    """Issue 16, item 4: one file per build, named by its content, that lp-tools.js's manifest names
    (so that a release never mixes its settings with another's code) and the offline copy keeps
    with the runtime; Python takes it as it is; and no page carries the settings any more. The
    training scenarios are in a second file, published and named the same way, so that only a page
    that runs them fetches their bytes (issue 18), and kept offline with the training page alone."""
    from decision import tree_ids
    from decision.browser import read_scenarios, read_settings
    handbook = site_dir / "assets" / "handbook"
    [published] = handbook.glob("lp-settings.*.json")
    [scenarios_file] = handbook.glob("lp-scenarios.*.json")
    content = published.read_bytes()
    assert published.name == f"lp-settings.{hashlib.sha256(content).hexdigest()[:10]}.json"
    data = json.loads(content)
    assert set(data) == {"council", "edition", "tools"}, "the scenarios are in a file of their own"
    assert set(data["tools"]) == set(tree_ids()) and data["council"] == ""
    tool_page = (site_dir / TOOL_PAGE).read_text()
    assert f'data-edition="{data["edition"]}"' in tool_page  # the meeting kit's records name the page's edition
    read_settings(content.decode())
    scenarios_content = scenarios_file.read_bytes()
    assert scenarios_file.name == f"lp-scenarios.{hashlib.sha256(scenarios_content).hexdigest()[:10]}.json"
    scenarios = {s["id"] for s in json.loads(scenarios_content)}
    assert scenarios == {p.stem for p in (ROOT / "training" / "scenarios").glob("*.toml")}
    assert set(read_scenarios(scenarios_content.decode())) == scenarios
    script = next(handbook.glob("lp-tools.*.js")).read_text()
    manifest = json.loads(re.search(r"const MANIFEST = (\{.*?\});\n", script).group(1))
    assert manifest["settings"] == published.name and manifest["scenarios"] == scenarios_file.name
    offline = json.loads(re.search(r"const MANIFEST = (\{.*?\});\n", (site_dir / "sw.js").read_text()).group(1))
    assert f"assets/handbook/{published.name}" in offline["runtime"]  # kept once a tool has run, as the runtime
    assert f"assets/handbook/{published.name}" not in offline["assets"]
    # The scenarios, and the scripts only some pages load, are kept with those pages alone.
    [training_script] = handbook.glob("lp-training.*.js")
    [kit_script] = handbook.glob("lp-meeting.*.js")
    assert offline["pageFiles"] == {
        "training/scenarios/": sorted(f"assets/handbook/{f.name}" for f in (training_script, scenarios_file)),
        "team-around-the-family/meeting-kit/": [f"assets/handbook/{kit_script.name}"],
    }
    for own in (scenarios_file, training_script, kit_script):
        assert f"assets/handbook/{own.name}" not in offline["runtime"] and f"assets/handbook/{own.name}" not in offline["assets"]
    for page in site_dir.rglob("*.html"):
        html = page.read_text()
        assert not re.search(r"data-(variants|names|council)=", html), page
        assert published.name not in html and scenarios_file.name not in html, page
    training = (site_dir / "training" / "scenarios" / "index.html").read_text()
    [block] = re.findall(r'<script type="application/json" class="lp-training__data">(.*?)</script>', training, re.S)
    shown = json.loads(block)["scenarios"]
    assert shown and all(set(s) == {"id", "title", "tree", "number", "tool", "paragraphs"} for s in shown)


def test_pages_without_a_tool_mention_no_python_runtime(site_dir):
    html = (site_dir / "index.html").read_text()
    assert "pyodide" not in html and "lp-tool\"" not in html


def test_the_wheel_holds_only_the_decision_package(site_dir):
    import zipfile
    wheel = next((site_dir / "assets" / "handbook" / "wheels").rglob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "decision/engine/resolver.py" in names and "decision/trees/allocation.py" in names
    assert all(n.startswith(("decision/", "lead_professional_decision-")) for n in names), names


def build_with_pages(tmp_path, pages: dict[str, str]):
    """A strict build of a copy of the handbook with more pages (name -> text), configured as
    mkdocs.yml is."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for name, text in pages.items():
        (docs / name).write_text(text)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!!python", "#"))
    config.update(docs_dir=str(docs), hooks=[str(ROOT / "tools" / "mkdocs_hooks.py")])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["markdown_extensions"] = [
        {"markdown_include.include": {**e["markdown_include.include"], "base_path": str(docs / "_includes")}}
        if isinstance(e, dict) and "markdown_include.include" in e else e for e in config["markdown_extensions"]]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml")


def test_mistakes_in_fences_fail_the_build_each_named_with_its_page_and_line(tmp_path):
    """A fence naming an unknown tree, and a training fence giving a setting twice: the build
    goes on to the end (so a council sees every mistake at once), then fails naming each."""
    result = build_with_pages(tmp_path, {
        "unknown-tree.md": "# Broken\n\n```decision\ntree: no_such_tree\n```\n",
        "setting-twice.md": "# Broken\n\nA training page.\n\n```decision-training\nview: cards\nview: slides\n```\n",
    })
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert [line for line in output.splitlines() if "unknown-tree.md" in line and "no_such_tree" in line]
    assert "setting-twice.md, line 7: decision-training fence: 'view' is given twice" in output


def test_a_missing_include_fails_the_strict_build(tmp_path):
    """markdown-include only warns about a missing file unless told otherwise, and a page would
    go out with a hole in it."""
    result = build_with_pages(tmp_path, {"broken.md": "# Broken\n\n{!no-such-include.md!}\n"})
    assert result.returncode != 0
    assert "no-such-include.md" in result.stdout + result.stderr


def test_large_files_have_compressed_copies(site_dir):
    pyodide = next((site_dir / "assets" / "handbook" / "pyodide").iterdir())
    wasm = pyodide / "pyodide.asm.wasm"
    for suffix in (".br", ".gz"):
        copy = wasm.with_name(wasm.name + suffix)
        assert copy.exists() and copy.stat().st_size < wasm.stat().st_size * 0.4
    assert (site_dir / "index.html.gz").exists()
    assert not list(site_dir.rglob("*.whl.gz")), "wheels are zips already"


def test_the_lean_standard_library_is_shipped_as_bytecode_and_named_by_what_made_it(site_dir):
    import zipfile

    from handbook_build import runtime
    lean = next((site_dir / "assets" / "handbook" / "stdlib").rglob("python_stdlib.zip"))
    full = next((site_dir / "assets" / "handbook" / "pyodide").iterdir()) / "python_stdlib.zip"
    names = zipfile.ZipFile(lean).namelist()
    assert "json/__init__.pyc" in names and "dataclasses.pyc" in names
    assert [name for name in names if name.endswith(".py")] == [], "shipped as source"
    assert "os.pyc" not in names and "importlib/_bootstrap.pyc" not in names, "frozen into Python: never read"
    assert len(names) < len(zipfile.ZipFile(full).namelist()) / 2
    source = runtime.CACHE / "stdlib" / runtime.stdlib_key() / "python_stdlib.zip"  # what it was compiled from
    assert lean.parent.name == runtime.compiled_key(source)
    assert lean.with_name("python_stdlib.zip.br").stat().st_size < full.stat().st_size / 3
    script = next((site_dir / "assets" / "handbook").glob("lp-tools.*.js")).read_text()
    assert f'"stdlib": "stdlib/{lean.parent.name}/python_stdlib.zip"' in script


def test_every_file_of_the_site_is_readable_by_a_web_server(site_dir):
    """A web server reads the site as its own user: no file private to the builder, every
    folder open (the lean standard library was once written 0600 and answered 403)."""
    private = [str(path.relative_to(site_dir)) for path in [site_dir, *site_dir.rglob("*")]
               if (path.stat().st_mode & 0o777) != (0o755 if path.is_dir() else 0o644)]
    assert private == []


def test_maintainers_pages_are_built_and_linked_but_not_in_the_readers_menu(site_dir):
    for page in ("index.html", "for-councils/index.html", "maintainers/performance/index.html"):
        html = (site_dir / page).read_text()
        menu = html[html.index("md-sidebar--primary"):html.index("md-sidebar--secondary")]
        assert "maintainers/" not in menu and "For maintainers" not in menu, page
    assert "Performance of the tools" in (site_dir / "maintainers" / "performance" / "index.html").read_text()
    assert 'href="../maintainers/performance/"' in (site_dir / "for-councils" / "index.html").read_text()


def fake_checkout(folder: Path) -> dict[str, str]:
    """A copy of ./dev in a folder where everything is already installed, whose mkdocs only says
    how it was called: the environment to run it in."""
    shutil.copy(ROOT / "dev", folder / "dev")
    (folder / "pyproject.toml").write_text("[project]\n")
    stamp = hashlib.sha256(b"[project]\n").hexdigest()[:12]
    tools = folder / ".venv" / "bin"
    tools.mkdir(parents=True)
    (folder / ".venv" / f".installed-site-{stamp}").touch()
    (folder / "bin").mkdir()
    for program in (tools / "python", tools / "mkdocs", folder / "bin" / "npm"):
        program.write_text(f'#!/bin/sh\necho "{program.name} $*"\n')
        program.chmod(0o755)
    (folder / "package-lock.json").write_text("{}")
    (folder / "node_modules").mkdir()
    (folder / "node_modules" / ".package-lock.json").write_text("{}")
    os.utime(folder / "package-lock.json", (1_000_000_000, 1_000_000_000))  # older than the installed copy
    return dict(os.environ, PATH=f"{folder / 'bin'}:{os.environ['PATH']}")


@pytest.mark.parametrize("arguments, address", [
    ((), "127.0.0.1:8000"),
    (("--dev-addr", "127.0.0.1:8123"), "127.0.0.1:8123"),
    (("--dev-addr=0.0.0.0:9000", "--dirty"), "0.0.0.0:9000"),
    (("-a", "localhost:8124"), "localhost:8124"),
])
def test_dev_serve_announces_the_address_it_serves_on(tmp_path, arguments, address):
    environment = fake_checkout(tmp_path)
    result = subprocess.run(["bash", str(tmp_path / "dev"), "serve", *arguments], capture_output=True, text=True,
                            env=environment, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stdout.splitlines() if "serving the handbook" in line]
    assert len(said) == 1 and f"http://{address}/" in said[0], result.stdout
    called = [line for line in result.stdout.splitlines() if line.startswith("mkdocs serve")]
    assert called and re.findall(r"(?:--dev-addr[ =]|-a )(\S+)", called[0])[-1] == address, called


def test_the_service_worker_knows_the_content_of_every_page_and_small_file(site_dir):
    """The offline copy's identity covers content: each page and small file with a hash of its
    bytes (sw.js keeps a file only if it matches), so a release that changes only text is a new
    edition, and only the files that changed are downloaded again."""
    import json
    found = re.search(r"const MANIFEST = (\{.*?\});\n", (site_dir / "sw.js").read_text())
    assert found, "sw.js carries no offline manifest"
    manifest = json.loads(found.group(1))
    page_file = lambda url: site_dir / (url if url.endswith(".html") else f"{url}index.html")  # noqa: E731
    assert "" in manifest["pages"] and "about/privacy/" in manifest["pages"]
    for url, digest in manifest["pages"].items():
        assert hashlib.sha256(page_file(url).read_bytes()).hexdigest()[:16] == digest, url
    assert any(path.startswith("search/") for path in manifest["assets"])
    for path, digest in manifest["assets"].items():
        assert hashlib.sha256((site_dir / path).read_bytes()).hexdigest()[:16] == digest, path
    assert all((site_dir / path).is_file() for path in manifest["runtime"])
    assert any(path.endswith(".wasm") for path in manifest["runtime"])
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["key"]) and re.fullmatch(r"\d{4}-\d\d-\d\d", manifest["date"])
    assert manifest["whole"] is False  # the whole handbook only if the reader (or the council) chooses it
    assert manifest["bytes"]["runtime"] > manifest["bytes"]["pages"] > 0
    privacy = (site_dir / "about" / "privacy" / "index.html").read_text()
    assert "Until you choose it below, only the pages you open are kept." in privacy
    # The theme's search highlight would put the search words in the result's address (?h=...).
    assert "search.highlight" not in yaml.safe_load((ROOT / "mkdocs.yml").read_text())["theme"]["features"]
