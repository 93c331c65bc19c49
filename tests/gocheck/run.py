"""Our printers against kubectl's own Go code on thousands of random inputs (a developer's
check, not part of the test suites: it needs Go and the lab's module cache).

    python tests/gocheck/run.py [SEED]

Builds two small Go programs offline from the lab's module cache (GOPROXY=off, GOSUMDB=off:
nothing is fetched): ``templates/`` runs client-go's JSONPath and Go's text/template,
``sort/`` runs kubectl's ``get.SortObjects``. Then compares, on the captured objects of
tests/unit/fixtures/printers: 3000 random JSONPath templates, 3000 random go-templates and
600 random ``--sort-by`` inputs (ties, missing fields, quantities, up to 100 items). Go
visits maps in random order for ``..`` and ``.*``: those outputs are compared as sets.
Exit status 1 when anything differs. The first build of ``sort/`` takes minutes (its
build cache is kept in the system's temporary directory).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from sphinx_podlab.printers import PrinterError, SortBy, UnsupportedTemplate  # noqa: E402
from sphinx_podlab.printers.gofmt import decode_json, go_json, go_quote  # noqa: E402
from sphinx_podlab.printers.gotemplate import GoTemplatePrinter  # noqa: E402
from sphinx_podlab.printers.jsonpath import (  # noqa: E402
    JSONPath,
    JSONPathError,
    JSONPathSyntaxError,
    print_results,
)

MODULES = Path.home() / ".cache/podlab-lab/v1.34.9/gomodcache"
OBJECTS = REPO / "tests/unit/fixtures/printers/objects"


def build(name: str, out: Path) -> Path:
    env = {**os.environ, "GOMODCACHE": str(MODULES), "GOPROXY": "off", "GOSUMDB": "off",
           "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local", "GOPRIVATE": "*",
           "GOCACHE": os.environ.get("GOCACHE") or str(Path(tempfile.gettempdir()) /
                                                         "podlab-gocheck-gocache")}
    source = out / name
    shutil.copytree(HERE / name, source)  # go writes go.sum beside the sources
    subprocess.run(["go", "build", "-o", str(out / f"{name}.bin"), "."], cwd=source, env=env,
                   check=True)
    return out / f"{name}.bin"


def ask(binary: Path, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    proc = subprocess.run([str(binary)], input="".join(json.dumps(r) + "\n" for r in requests),
                          capture_output=True, text=True, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def ours_jsonpath(template: str, obj: Any) -> dict[str, str]:
    try:
        path = JSONPath(template, allow_missing_keys=True)
    except JSONPathSyntaxError as err:
        return {"out": "", "err": f"PARSE: {err}"}
    try:
        return {"out": "".join(print_results(r, False) for r in path.find_results(obj)),
                "err": ""}
    except JSONPathError as err:
        return {"out": "", "err": f"EXEC: {err}"}


def ours_template(template: str, obj: Any) -> dict[str, str] | None:
    try:
        printer = GoTemplatePrinter.parse(template)
        return {"out": printer.print(obj), "err": ""}
    except UnsupportedTemplate:
        return None  # refused by name: not a difference
    except PrinterError as err:
        parse_prefix = f"error parsing template {template}, "
        if err.message.startswith(parse_prefix):
            return {"out": "", "err": "PARSE: " + err.message[len(parse_prefix):]}
        exec_prefix = f"error executing template {go_quote(template)}: "
        return {"out": err.stdout.split("Error executing template: ")[0],
                "err": "EXEC: " + err.message[len(exec_prefix):]}


JSONPATH_PARTS = [
    ".items", "[*]", "[0]", "[-1]", "[1:3]", "[::2]", ".metadata", ".name", ".labels", ".app",
    "..name", "..", ".*", "[?(@.name)]", '[?(@.name=="main")]', "[?(@.port>1)]", ".spec",
    ".containers", "['metadata.name']", "[0,1]", ".status", ".podIP", "\\.", "{", "}", '"x"',
    "'y'", " ", "range ", "end", "@", "$", "1", "-2", "true", "[", "]", "(", ")", "?", "=",
    ".kind", "\\", ",", "\t", "[a]", "[1:x]", "{end}", "{range .items[*]}", "{.metadata.name}",
    '"\\n"']
TEMPLATE_PARTS = [
    "{{", "}}", "{{-", "-}}", " ", ".items", ".metadata", ".name", ".kind", "range", "end", "if",
    "else", "with", "$", "$x", ":=", "=", "|", "len", "index", "printf", '"%s"', '"a"', "1",
    "eq", "not", "and", "or", "(", ")", ".", "x", "\n", "/*", "*/", "print", "$i, $e", ",",
    "break", "nil", "true", "`r`", "0", "-1", "lt"]


def random_order(template: str) -> bool:
    return ".." in template or ".*" in template


def check_templates(binary: Path, obj: Any, rng: random.Random) -> int:
    bad = 0
    paths = ["".join(rng.choice(JSONPATH_PARTS) for _ in range(rng.randint(1, 6)))
             for _ in range(3000)]
    paths = ["{" + p + "}" if rng.random() < 0.8 else p for p in paths]
    answers = ask(binary, [{"template": t, "object": obj, "mode": "jsonpath"} for t in paths])
    for template, theirs in zip(paths, answers, strict=True):
        ours = ours_jsonpath(template, obj)
        if ours == theirs or "PANIC" in theirs["err"] or (
                random_order(template) and (theirs["err"] or  # the same characters
                                            sorted(ours["out"]) == sorted(theirs["out"]))):
            continue
        bad += 1
        print(f"jsonpath {template!r}:\n  kubectl {theirs}\n  podlab  {ours}")
    data = decode_json(go_json(obj))  # what kubectl's go-template printer hands the template
    templates = ["".join(rng.choice(TEMPLATE_PARTS) for _ in range(rng.randint(2, 9)))
                 for _ in range(3000)]
    answers = ask(binary, [{"template": t, "object": data, "mode": "gotemplate"}
                           for t in templates])
    for template, theirs in zip(templates, answers, strict=True):
        mine = ours_template(template, obj)
        if mine is None or mine == theirs or "PANIC" in theirs["err"]:
            continue
        bad += 1
        print(f"go-template {template!r}:\n  kubectl {theirs}\n  podlab  {mine}")
    return bad


SORT_VALUES: dict[str, list[Any]] = {
    "int": [0, 1, 2, 3, 5, 8, -1, 100, 7],
    "float": [0.5, 1.5, 2.0, -3.25, 1e6, 0.1],
    "str": ["a", "b", "web-1", "web-10", "web-2", "", "1", "10", "2", "1Gi", "500Mi", "1024Mi",
            "2G", "100m", "0.5", "1e3", "e3", "m", "Ki", "-1", "+5", ".", "1.5Gi", "3k", "3K",
            "2026-12-01T10:00:00Z", "2026-12-01T09:00:00Z", "1.0000000001", "0.0000000001"],
}


def check_sort(binary: Path, rng: random.Random) -> int:
    requests: list[dict[str, Any]] = []
    for _ in range(600):
        values = SORT_VALUES[rng.choice(list(SORT_VALUES))]
        items: list[dict[str, Any]] = []
        for number in range(rng.choice([2, 3, 5, 8, 12, 13, 20, 31, 50, 51, 64, 100])):
            item: dict[str, Any] = {"metadata": {"name": f"o{number}"}}
            if rng.random() > 0.15:
                item["v"] = rng.choice(values)
            items.append(item)
        requests.append({"field": "{.v}", "items": items})
    bad = 0
    for request, theirs in zip(requests, ask(binary, requests), strict=True):
        items = [dict(item, idx=index) for index, item in enumerate(request["items"])]
        try:
            ours: dict[str, Any] = {"order": [item["idx"] for item in
                                              SortBy(request["field"]).sort_items(items)]}
        except PrinterError as err:
            ours = {"err": err.message}
        if ours != theirs:
            bad += 1
            print(f"sort {[item.get('v', '-') for item in request['items']]}:\n"
                  f"  kubectl {theirs}\n  podlab  {ours}")
    return bad


def main() -> int:
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    obj = decode_json((OBJECTS / "pods.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        templates, sort = build("templates", Path(tmp)), build("sort", Path(tmp))
        bad = check_templates(templates, obj, rng) + check_sort(sort, rng)
    print(f"{bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
