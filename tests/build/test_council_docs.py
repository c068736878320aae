"""The "For councils" pages: a policy lead's step-by-step guide to turning a threshold document
into the spreadsheet, with a downloadable template that the handbook's own reader accepts."""

from __future__ import annotations

import re
import shutil

from support import ROOT

PAGE = "for-councils/threshold-framework/index.html"
TEMPLATE = "for-councils/threshold-indicators-template.csv"


def test_the_guide_links_to_a_template_built_into_the_site(site_dir):
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    assert 'href="../threshold-indicators-template.csv"' in html
    built = (site_dir / TEMPLATE).read_text(encoding="utf-8")
    assert built == (ROOT / "docs" / TEMPLATE).read_text(encoding="utf-8")
    assert built.splitlines()[0] == "id,area,level,text,child_words"
    assert "threshold-framework/" in (site_dir / "for-councils" / "index.html").read_text(encoding="utf-8")


def test_the_template_is_a_framework_the_build_accepts(tmp_path):
    """With the four levels and three areas its rows name, the template reads without a problem."""
    from decision.trees.framework_files import read_section
    import tomllib
    shutil.copy(ROOT / "docs" / TEMPLATE, tmp_path / "indicators.csv")
    levels = "".join(f'[[threshold.levels]]\nid = "{i}"\nname = "{i}"\ndescription = "d"\nwhat_happens = "w"\n'
                     f"act_today = {'true' if i == 'statutory' else 'false'}\n"
                     for i in ("universal", "early_help", "targeted", "statutory"))
    areas = "".join(f'[[threshold.areas]]\nid = "{a}"\nname = "{a}"\nquestion = "q"\n'
                    for a in ("health", "school", "safety"))
    section = tomllib.loads('[threshold]\nindicators = "indicators.csv"\n' + levels + areas)["threshold"]
    framework = read_section(section, tmp_path / "handbook.toml", tmp_path)
    assert len(framework.indicators) == 5 and any(i.child_words.startswith("I ") for i in framework.indicators)


def test_each_error_the_guide_shows_is_the_one_the_reader_gives():
    """The examples of the build's one-line errors are what the reader says, word for word."""
    source = (ROOT / "docs" / "for-councils" / "threshold-framework.md").read_text(encoding="utf-8")
    shown = re.findall(r"```text\nhandbook settings: [^:]+: (.+)\n```", source)
    assert len(shown) >= 6
    messages = _messages()
    for line in shown:
        assert any(line.endswith(m) for m in messages), line


def _messages() -> list[str]:
    """The reader's messages for the mistakes the guide shows, made on a copy of Eastvale's files."""
    import tempfile
    from pathlib import Path
    from decision import council
    good = (ROOT / "profiles" / "eastvale" / "threshold-indicators.csv").read_text(encoding="utf-8")
    text = (ROOT / "profiles" / "eastvale.toml").read_text(encoding="utf-8")
    section = text[text.index("[threshold]"):].replace("profiles/eastvale/threshold-indicators.csv", "indicators.csv")
    lines = good.splitlines()
    mistakes = [
        good.replace("ev_attendance,school,family_help", "ev_attendance,school,family_hlp"),
        good + "ev_attendance,school,family_help,Another,\n",
        good.replace('"The child misses school often, or is late most days"', "x" * 170),
        good.replace("child_words", "childs_words", 1),
        good.replace('"I miss a lot of school"', '"I miss a "lot" of school'),
        "\n".join(line for line in lines if ",child_protection," not in line) + "\n",
    ]
    found = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "handbook.toml").write_text(section, encoding="utf-8")
        for data in [m.encode("utf-8") for m in mistakes] + [good.replace("worried", "worri\u00e9d").encode("cp1252")]:
            (base / "indicators.csv").write_bytes(data)
            try:
                council.read(base / "handbook.toml")
            except council.CouncilSettingsError as problem:
                found.append(str(problem).split(": ", 1)[1])
    return found
