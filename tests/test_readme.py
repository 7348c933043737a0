"""README.md documents every command, route and setting (and keeps the two set-up commands)."""

from __future__ import annotations

import re

from click import Group

from graph.config import SETTINGS
from server.cli import main
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_two_setup_commands():
    block = re.search(r"## Set-up: two commands\n+```sh\n(.*?)```", README, re.DOTALL).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


def test_readme_documents_every_command():
    assert isinstance(main, Group)
    for name in main.commands:
        assert f"actorgraph {name}" in README, name


def test_readme_documents_every_setting():
    for setting in SETTINGS:
        assert f"`{setting.name}`" in README, setting.name


def test_readme_documents_every_route(demo_app):
    for route in demo_app.routes:
        path = getattr(route, "path", "")
        if not path.startswith("/api/"):
            continue
        documented = path.replace("{actor_id}", "{id}").replace("{document_id}", "{id}")
        assert documented in README, path


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
