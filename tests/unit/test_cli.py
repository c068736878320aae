"""`python -m decision`: list, show, run and paths, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import shutil
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


# ------------------------------------------------------------------------------------------
# A council's settings: --settings FILE and $HANDBOOK_SETTINGS
# ------------------------------------------------------------------------------------------
SEN = ["-a", "status=sen", "-a", "sen_year9=no", "-a", "sen_wider_needs=yes"]


@pytest.fixture(autouse=True)
def _default_framework():
    """--settings makes a council's framework the one the trees use; each test starts without it."""
    from decision.trees import framework
    framework.use(None)
    yield
    framework.use(None)


@pytest.mark.parametrize("choice, outcome", [("senco_may", "outcome_sen_someone_else"),
                                             ("senco_should", "outcome_sen_senco_should")])
def test_a_councils_choice_of_a_local_rule_comes_from_its_settings(tmp_path, capsys, choice, outcome):
    settings = tmp_path / "council.toml"
    settings.write_text(f"[variants]\nsen_lead = '{choice}'\n")
    assert main(["run", "allocation", "--settings", str(settings), *SEN]) == 0
    assert f"Result ({outcome})" in capsys.readouterr().out
    assert main(["show", "allocation", "--settings", str(settings)]) == 0
    assert f"local rule sen_lead: {choice} (the council's choice)" in capsys.readouterr().out


def test_variant_overrides_the_settings_for_one_rule(tmp_path, capsys):
    settings = tmp_path / "council.toml"
    settings.write_text("[variants]\nsen_lead = 'senco_may'\n")
    assert main(["run", "allocation", "--settings", str(settings), "--variant", "sen_lead=senco_should", *SEN]) == 0
    assert "Result (outcome_sen_senco_should)" in capsys.readouterr().out


def test_a_councils_names_come_from_its_settings_and_name_overrides_one(tmp_path, capsys):
    settings = tmp_path / "council.toml"
    settings.write_text("[names]\nfront_door = 'the Testshire Front Door'\n")
    assert main(["run", "threshold", "--settings", str(settings), "-a", "immediate_risk=yes"]) == 0
    assert "the Testshire Front Door" in capsys.readouterr().out
    assert main(["run", "threshold", "--settings", str(settings), "--name", "front_door=the Hub",
                 "-a", "immediate_risk=yes"]) == 0
    out = capsys.readouterr().out
    assert "the Hub" in out and "Testshire" not in out
    assert main(["show", "threshold", "--settings", str(settings)]) == 0
    assert "the Testshire Front Door" in capsys.readouterr().out


def test_a_framework_from_a_councils_csv_gives_its_levels(tmp_path, capsys):
    shutil.copy(ROOT / "profiles" / "eastvale" / "threshold-indicators.csv", tmp_path / "ours.csv")
    text = (ROOT / "profiles" / "eastvale.toml").read_text()
    section = text[text.index("[threshold]"):].replace("profiles/eastvale/threshold-indicators.csv", "ours.csv")
    rows = (tmp_path / "ours.csv").read_text().replace("The child misses school often, or is late most days",
                                                       "Testshire: the child is rarely in school")
    (tmp_path / "ours.csv").write_text(rows)
    (tmp_path / "council.toml").write_text(section)
    answers = ["-a", "immediate_risk=no", "-a", "purpose=check", "-a", "wellbeing=none"]
    assert main(["run", "threshold", "--settings", str(tmp_path / "council.toml"), *answers]) == 0
    out = capsys.readouterr().out
    assert "Next question (school)" in out and "ev_attendance: Family Help: Testshire: the child is rarely in school" in out
    assert main(["run", "threshold", "--settings", str(tmp_path / "council.toml"), *answers, "-a", "school=ev_hidden"]) == 0
    assert capsys.readouterr().out.startswith("Result (outcome_child_protection): Child protection:")
    assert main(["paths", "threshold", "--settings", str(tmp_path / "council.toml")]) == 0
    out = capsys.readouterr().out
    assert "-> outcome_family_help:" in out and "level4" not in out and "outcome_level" not in out


@pytest.mark.parametrize("profile, levels", [
    ("northshire", ["outcome_universal", "outcome_early_help", "outcome_targeted", "outcome_statutory"]),
    ("eastvale", ["outcome_universal", "outcome_family_help", "outcome_child_protection"]),
])
def test_each_example_councils_paths_end_at_its_own_levels(profile, levels):
    code, out, err = run("paths", "threshold", "--settings", f"profiles/{profile}.toml")
    assert code == 0, err
    reached = {line.split(" -> ")[1].split(":")[0] for line in out.splitlines()}
    assert {o for o in reached if o not in ("outcome_act_now", "outcome_escalation_meeting")
            and not o.startswith(("outcome_step_down", "outcome_close", "outcome_keep", "outcome_new"))} <= set(levels)
    assert set(levels) <= reached


def test_handbook_settings_is_read_as_the_build_reads_it():
    code, out, err = run_with_env({"HANDBOOK_SETTINGS": "profiles/northshire.toml"}, "run", "allocation", *SEN)
    assert code == 0, err
    assert "Result (outcome_sen_senco_should)" in out  # Northshire's choice; the default is senco_may
    code, out, _ = run_with_env({"HANDBOOK_SETTINGS": "profiles/northshire.toml"}, "run", "allocation",
                                "--settings", "profiles/eastvale.toml", *SEN)
    assert "Result (outcome_sen_someone_else)" in out, "--settings wins over the environment"


@pytest.mark.parametrize("text, expected", [
    ("[variants]\nsen_lead = 'always'", "council.toml: variants.sen_lead: expected one of 'senco_may', 'senco_should'"),
    ("[variants]\nsenco = 'x'", "council.toml: variants.senco: is not a local rule"),
    ("[names]\nfrontdoor = 'MASH'", "council.toml: names.frontdoor: is not a local name"),
    ("[names]\nfront_door = ''", "council.toml: names.front_door: expected text in quotes"),
    ("[threshold]\nindicators = 'nowhere.csv'", "council.toml: threshold.levels: is missing"),
    ("[variants\n", "council.toml: not valid TOML"),
])
def test_a_mistake_in_the_settings_is_one_line_naming_the_file_and_key(tmp_path, text, expected):
    (tmp_path / "council.toml").write_text(text)
    code, out, err = run("run", "allocation", "--settings", str(tmp_path / "council.toml"), "-a", "status=adoption")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert expected in err


def test_a_missing_settings_file_is_named(tmp_path):
    code, _, err = run("paths", "threshold", "--settings", str(tmp_path / "nowhere.toml"))
    assert code == 2 and "nowhere.toml: the settings file does not exist" in err


def test_the_readmes_command_for_a_councils_settings_runs_as_written():
    """The README's example, run as a policy lead would run it, gives Eastvale's own level."""
    readme = (ROOT / "README.md").read_text()
    line = next(line for line in readme.splitlines() if "--settings profiles/" in line and line.startswith(".venv"))
    result = subprocess.run(line, shell=True, capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Result (outcome_child_protection): Child protection:")
    assert "Eastvale Multi-Agency Support Team" in result.stdout


def run_with_env(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "decision", *args], capture_output=True, text=True,
                            cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), **env})
    return result.returncode, result.stdout, result.stderr
