"""`python -m decision`: list, show, run and paths, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support import ROOT
from decision.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "decision", *args], capture_output=True, text=True,
                            cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")})
    return result.returncode, result.stdout, result.stderr


def test_list_shows_every_tree():
    code, out, _ = run("list")
    assert code == 0 and out.startswith("allocation ") and "Who should be the lead professional?" in out


def test_show_gives_ids_and_json():
    code, out, _ = run("show", "allocation", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["start"] == "status"
    assert {"id": "looked_after", "label": "The child is looked after by the local authority",
            "next": "looked_after_setting"} in shown["nodes"][0]["options"]


def test_run_reaches_an_outcome_with_its_reasons_and_source(capsys):
    assert main(["run", "allocation", "--answer", "status=adoption"]) == 0
    out = capsys.readouterr().out
    assert "Result (outcome_adoption)" in out and "Lead professional: The child's social worker" in out
    assert "Sources:" in out and "Wigan Council" in out


def test_run_shows_the_next_question(capsys):
    assert main(["run", "allocation", "-a", "status=care_leaver"]) == 0
    assert capsys.readouterr().out.startswith("Next question (care_leaver_stage):")


def test_run_json_is_the_browser_view(capsys):
    assert main(["run", "allocation", "-a", "status=sen", "-a", "sen_year9=no", "-a", "sen_wider_needs=no",
                 "--variant", "sen_lead=senco_should", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"]["id"] == "outcome_sen_senco_should"


def test_run_accepts_practitioners_as_json(capsys):
    listed = json.dumps([{"role": "School nurse", "agency": "NHS", "criteria": ["advocacy", "agrees", "capacity"]}])
    assert main(["run", "allocation", "-a", "status=none", "-a", f"practitioners={listed}"]) == 0
    assert "Lead professional: School nurse (NHS)" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["run", "nowhere"], "there is no tree 'nowhere'"),
    (["show", "nowhere"], "there is no tree 'nowhere'"),
    (["run", "allocation", "-a", "status=bogus"], "allocation: 'bogus' is not an option of question 'status'"),
    (["run", "allocation", "-a", "colour=blue"], "allocation: there is no question 'colour'"),
    (["run", "allocation", "-a", "status=adoption", "-a", "sen_year9=yes"],
     "allocation: question 'sen_year9' is not on the path"),
    (["run", "allocation", "-a", "status"], "answer 'status' is not KEY=VALUE"),
    (["run", "allocation", "--variant", "sen_lead=sometimes"], "local rule 'sen_lead' has no choice 'sometimes'"),
    (["run", "allocation", "-a", "status=none", "-a", "practitioners=[oops"], "is not valid JSON"),
])
def test_bad_input_is_one_line_and_exit_status_2(args, message):
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


def test_paths_prints_the_snapshot_lines():
    code, out, _ = run("paths", "allocation")
    assert code == 0 and "status=adoption -> outcome_adoption: The child's social worker" in out.splitlines()
