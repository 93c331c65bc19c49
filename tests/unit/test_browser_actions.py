from __future__ import annotations

import subprocess
import sys

import pytest

from sphinx_podlab.browser.actions import (
    Action,
    MissingPlaceholderValue,
    parse_action,
    parse_actions,
    placeholders,
    region,
    substitute,
)
from sphinx_podlab.model.errors import PodlabSyntaxError

LOGIN = [
    "open /",
    "# the server field exists because of PMA_ARBITRARY",
    "fill #serverNameInput {mysql-0@before}",
    "fill #input_username myuser",
    "fill '#input_password' \"mypassword\"",
    "",
    "click #input_go",
    "wait-for '#pma_errors .alert-danger'",
    "expect-text '#pma_errors .alert-danger' 'Name or service not known'",
    "screenshot",
]


def test_parse_login() -> None:
    actions = parse_actions(LOGIN)
    assert actions == [
        Action("open", 0, value="/"),
        Action("fill", 2, selector="#serverNameInput", value="{mysql-0@before}"),
        Action("fill", 3, selector="#input_username", value="myuser"),
        Action("fill", 4, selector="#input_password", value="mypassword"),
        Action("click", 6, selector="#input_go"),
        Action("wait-for", 7, selector="#pma_errors .alert-danger"),
        Action(
            "expect-text",
            8,
            selector="#pma_errors .alert-danger",
            value="Name or service not known",
        ),
        Action("screenshot", 9),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("open /index.php?route=/", Action("open", 0, value="/index.php?route=/")),
        ("click a.logout", Action("click", 0, selector="a.logout")),
        ("wait-text h2 'General settings'", Action("wait-text", 0, "h2", "General settings")),
        (
            "expect-visible #pma_navigation_tree",
            Action("expect-visible", 0, "#pma_navigation_tree"),
        ),
        (
            "expect-value #serverNameInput 10.1.0.30",
            Action("expect-value", 0, "#serverNameInput", "10.1.0.30"),
        ),
        ("expect-value #x ''", Action("expect-value", 0, "#x", "")),
        (
            "expect-absent '#pma_errors .alert-danger'",
            Action("expect-absent", 0, "#pma_errors .alert-danger"),
        ),
        ("  screenshot  ", Action("screenshot", 0)),
        # '#' inside a word or at its start is not a comment: selectors start with '#'.
        ("fill #a#b x#y", Action("fill", 0, "#a#b", "x#y")),
        (
            "fill 'input[name=\"pma_username\"]' 'パスワード'",
            Action("fill", 0, 'input[name="pma_username"]', "パスワード"),
        ),
    ],
)
def test_parse_action(line: str, expected: Action) -> None:
    assert parse_action(line, 0) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("navigate /", "unknown browser action 'navigate'; supported: open, fill"),
        ("fill #a", "fill takes 2 arguments: fill SELECTOR VALUE; got 1"),
        ("fill #a my password", "got 3 (quote values that contain spaces)"),
        ("click", "click takes 1 argument: click SELECTOR; got 0"),
        ("screenshot #a b", "screenshot takes 0 or 1 arguments: screenshot [SELECTOR|"),
        ("open http://example.com/", "open takes a path on the forwarded server"),
        ("open //example.com/", "starting with '/'"),
        ("open index.php", "starting with '/'"),
        ("fill '#a b", "bad quoting in browser action: No closing quotation"),
        ("click ''", "click: the selector is empty"),
    ],
)
def test_parse_action_errors(line: str, message: str) -> None:
    with pytest.raises(PodlabSyntaxError) as info:
        parse_action(line, 7)
    assert message in str(info.value)
    assert info.value.line == 7


def test_error_line_is_the_content_line() -> None:
    with pytest.raises(PodlabSyntaxError) as info:
        parse_actions(["open /", "", "# comment", "clik #x"])
    assert info.value.line == 3


def test_one_screenshot_at_most() -> None:
    with pytest.raises(PodlabSyntaxError, match="only one screenshot per browser step") as info:
        parse_actions(["open /", "screenshot", "click #a", "screenshot"])
    assert info.value.line == 3
    assert "line 2" in str(info.value)


@pytest.mark.parametrize("lines", [[], ["", "  "], ["# only a comment"]])
def test_empty_step(lines: list[str]) -> None:
    with pytest.raises(PodlabSyntaxError, match="at least one action"):
        parse_actions(lines)


def test_source_round_trips() -> None:
    for action in parse_actions(LOGIN):
        assert parse_action(action.source(), action.line) == action
    assert Action("fill", 0, "#a b", "it's").source() == "fill '#a b' 'it'\"'\"'s'"


def test_placeholders() -> None:
    actions = parse_actions(
        [
            "fill #server {mysql-0@before}",
            "expect-value #server {mysql-0@before}",
            "expect-text p 'from {mysql-0@after} to {web-1.x@snap_2}'",
            "fill #literal '{not a placeholder} {a@}'",
            "click {mysql-0@before}",  # selectors are never substituted
        ]
    )
    assert placeholders(actions) == [
        ("mysql-0", "before"),
        ("mysql-0", "after"),
        ("web-1.x", "snap_2"),
    ]


def test_substitute() -> None:
    actions = parse_actions(
        [
            "open /",
            "fill #server {mysql-0@before}",
            "expect-text p 'was {mysql-0@before}, now {mysql-0@after}'",
        ]
    )
    values = {"mysql-0@before": "10.1.0.30", "mysql-0@after": "10.1.0.31"}
    result = substitute(actions, values)
    assert [a.value for a in result] == ["/", "10.1.0.30", "was 10.1.0.30, now 10.1.0.31"]
    assert [a.line for a in result] == [0, 1, 2]
    assert actions[1].value == "{mysql-0@before}"  # the input is left alone


def test_substitute_missing_value() -> None:
    actions = parse_actions(["open /", "", "fill #server {mysql-0@later}"])
    with pytest.raises(MissingPlaceholderValue) as info:
        substitute(actions, {"mysql-0@before": "10.1.0.30"})
    assert str(info.value) == "no value for {mysql-0@later} (known: mysql-0@before)"
    assert info.value.line == 2
    assert info.value.key == "mysql-0@later"
    assert isinstance(info.value, PodlabSyntaxError)


def test_package_import_needs_no_playwright() -> None:
    """Replaying records imports the package; only running a step needs Playwright."""
    code = "import sys, sphinx_podlab.browser; print('playwright' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_screenshot_may_name_what_it_crops_to() -> None:
    assert parse_action("screenshot '#login form'", 3) == Action(
        "screenshot", 3, selector="#login form")
    assert parse_action("screenshot", 3) == Action("screenshot", 3)
    assert region(parse_action("screenshot 0,10,800,420").selector) == (0, 10, 800, 420)
    assert region(parse_action("screenshot #login_form").selector) is None


@pytest.mark.parametrize(
    ("line", "message"),
    [("screenshot ''", "screenshot: the selector is empty"),
     ("screenshot 0,0,0,10", "screenshot 0,0,0,10: the region is empty"),
     ("screenshot #a b", r"screenshot takes 0 or 1 arguments: screenshot \[SELECTOR\|")],
)
def test_screenshot_selector_errors(line: str, message: str) -> None:
    with pytest.raises(PodlabSyntaxError, match=message):
        parse_action(line, 0)
