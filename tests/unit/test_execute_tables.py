"""kubectl's table printing from the server's Table responses (fixtures: real kubectl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinx_podlab.execute.tables import format_cell, go_format_float, tabwrite
from sphinx_podlab.printers.human import HumanOptions, TableInfo, print_tables

FIXTURES = Path(__file__).parent / "fixtures" / "execute"


def table_text(tables: list[dict[str, object]], wide: bool = False,
               with_namespace: bool = False) -> str:
    """What ``kubectl get`` prints for these Table pages of one namespaced type."""
    infos = [TableInfo("pods", "pod", True, table) for table in tables]
    return print_tables(infos, HumanOptions(wide=wide, all_namespaces=with_namespace), False)


@pytest.mark.parametrize(
    ("name", "wide"),
    [("get-pods", False), ("get-pods-wide", True), ("get-sts-wide", True), ("get-deploy", False)],
)
def test_table_matches_kubectl(name: str, wide: bool) -> None:
    table = json.loads((FIXTURES / f"{name}.table.json").read_text())
    expected = (FIXTURES / f"{name}.kubectl.txt").read_text()
    assert table_text([table], wide=wide) == expected


def test_hidden_columns_without_wide() -> None:
    table = json.loads((FIXTURES / "get-pods-wide.table.json").read_text())
    header = table_text([table], wide=False).splitlines()[0]
    assert header.split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]


def test_pages_align_together_and_header_once() -> None:
    table = json.loads((FIXTURES / "get-pods.table.json").read_text())
    first = {**table, "rows": table["rows"][:1]}
    rest = {**table, "rows": table["rows"][1:]}
    assert table_text([first, rest]) == table_text([table])


def test_namespace_column_from_row_metadata() -> None:
    table = json.loads((FIXTURES / "get-pods.table.json").read_text())
    lines = table_text([table], with_namespace=True).splitlines()
    assert lines[0].startswith("NAMESPACE   NAME ")
    assert all(line.startswith("fixtures    ") for line in lines[1:])


def test_no_rows_prints_nothing() -> None:
    table = json.loads((FIXTURES / "get-pods.table.json").read_text())
    assert table_text([{**table, "rows": []}]) == ""


def test_tabwriter_rules() -> None:
    # minimum width 6 (cell + padding 3), last column never padded
    assert tabwrite("A\tB\nlonger-name\tx\n") == "A             B\nlonger-name   x\n"
    assert tabwrite("a\tb\n") == "a     b\n"
    # an empty last cell leaves the padding of the column before it (as Go does)
    assert tabwrite("NAME\tX\nn\t\n") == "NAME   X\nn      \n"


def test_cells() -> None:
    assert format_cell(None) == ""
    assert format_cell(True) == "true"
    assert format_cell(3) == "3"
    assert format_cell("two\nlines") == "two..."
    assert format_cell("\x1b[31mred") == "^[[31mred"
    assert go_format_float(1e6) == "1e+06"
    assert go_format_float(0.5) == "0.5"
    assert go_format_float(100000.0) == "100000"
