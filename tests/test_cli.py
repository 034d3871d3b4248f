"""The CLI: every command has help with an example and is documented in the README."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from linkage.cli import cli
from tests.conftest import ROOT

COMMANDS = sorted(cli.commands)


def test_the_verbs_the_design_names_exist():
    for verb in ("generate", "train", "dedupe", "tune", "audit", "review", "evaluate", "demo"):
        assert verb in cli.commands


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"], obj={})
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`linkage {name} --help` shows no example"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    assert f"linkage {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_errors_are_one_line_and_exit_non_zero(tmp_path):
    result = CliRunner().invoke(cli, ["dedupe", str(tmp_path / "missing.csv"), "--out",
                                      str(tmp_path / "run")], obj={})
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "missing.csv" in result.output and "Traceback" not in result.output
