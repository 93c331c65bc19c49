"""Write docs/appendix/conformance.md from tests/conformance/results.json.

    python tests/conformance/render_table.py   # nox -s conformance runs it after the suite

The page is rewritten only when its text changes (sphinx-autobuild watches docs/).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
PAGE = HERE.parents[1] / "docs" / "appendix" / "conformance.md"

RESULT_TEXT = {"match": "一致", "mismatch": "不一致", "unsupported": "非対応",
               "error": "準備に失敗"}
COMPARISON_TEXT = {"exact": "バイト単位で同一", "shape": "時刻などを形で比較して同一"}
KIND_TEXT = {"read-only": "共有の状態", "unsupported": "—"}
VERB_ORDER = ("apply", "get", "describe", "exec", "logs", "create", "run", "expose", "scale",
              "label", "annotate", "patch", "set", "delete", "wait", "rollout status",
              "rollout history", "rollout undo", "rollout restart", "rollout pause",
              "rollout resume", "port-forward")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    return "`" + _cell(text.replace("{node}", "NODE")) + "`"


def _state(case: dict[str, Any]) -> str:
    kind: str = case["kind"]
    if kind != "mutating":
        return KIND_TEXT.get(kind, kind)
    files = [word for line in case.get("setup") or [] for word in line.split()
             if word.endswith(".yml")]
    if not files:
        return "空の名前空間"
    return "、".join(_code(name) for name in files) + " を適用済み"


def _summary(cases: list[dict[str, Any]]) -> str:
    counts = Counter(case["result"] for case in cases)
    return " / ".join(f"{RESULT_TEXT[key]} {counts[key]}"
                      for key in ("match", "unsupported", "mismatch", "error") if counts[key])


def _other_releases(others: list[dict[str, Any]]) -> list[str]:
    """A line per other release the suite ran on, and its cases that did not match."""
    if not others:
        return []
    lines = ["ほかのリリースのクラスターでも、同じリリースの kubectl と比べました"
             " (`nox -s conformance` をそのリリースの実験用クラスターで実行)。", ""]
    for other in others:
        lines.append(f"- kubectl {other['kubectl']} (クラスター: {other['server']}、"
                     f"{other['date']}): {len(other['cases'])} ケース ({_summary(other['cases'])})")
        for case in other["cases"]:
            if case["result"] in ("mismatch", "error"):
                lines.append(f"  - {RESULT_TEXT[case['result']]}: {_code(case['line'])}")
    return [*lines, ""]


def render(document: dict[str, Any], others: list[dict[str, Any]] | None = None) -> str:
    cases: list[dict[str, Any]] = document["cases"]
    summary = _summary(cases)
    lines = [
        "# 付録: kubectl との一致",
        "",
        "<!-- tests/conformance/render_table.py が tests/conformance/results.json から生成します。"
        "直接編集しないでください。 -->",
        "",
        "この本のコンソール出力は、sphinx_podlab が Kubernetes の Python クライアントで"
        " kubectl と同じ操作を行って得たものです。",
        "その出力が本物の kubectl の出力と同じであることを、実験用クラスターで"
        "コマンドごとに確かめた結果を示します (`nox -s conformance`)。",
        "",
        f"- kubectl: {document['kubectl']} (クラスター: {document['server']})",
        f"- 実行日時: {document['date']}",
        f"- ケース数: {len(cases)} ({summary})",
        "",
        "各ケースは、同じクラスターの同じ状態に対して sphinx_podlab と kubectl で一度ずつ実行し、"
        "標準出力・標準エラー出力・終了ステータスを比べます。",
        "状態を変えるコマンド (apply、create、delete、scale、label など) は、"
        "同じ準備をした二つの名前空間で"
        "それぞれ実行します。",
        "二回の実行で変わりうる値 (AGE、`(5s ago)`、タイムスタンプ、resourceVersion、UID、"
        "生成された Pod 名、IP アドレス、名前空間名) は、値の形 (正規表現) で比べます。",
        "YAML と JSON はデータとして比べ、表は kubectl と同じ桁揃えであることも確かめます。",
        "「非対応」のコマンドは、sphinx_podlab がビルド時にエラーとして拒否します"
        " (違う出力を載せることはありません)。",
        "",
        *_other_releases(others or []),
    ]
    by_verb: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        by_verb.setdefault(case["verb"], []).append(case)
    order = sorted(by_verb, key=lambda verb: (VERB_ORDER.index(verb)
                                              if verb in VERB_ORDER else len(VERB_ORDER), verb))
    for verb in order:
        lines += [f"## kubectl {verb}", "", "| コマンド | 確かめること | 状態 | 結果 |",
                  "|---|---|---|---|"]
        for case in by_verb[verb]:
            result = RESULT_TEXT.get(case["result"], case["result"])
            comparison = COMPARISON_TEXT.get(case.get("comparison") or "")
            if comparison:
                result += f" ({comparison})"
            lines.append(f"| {_code(case['line'])} | {_cell(case['what'])} | "
                         f"{_state(case)} | {result} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    if not RESULTS.exists():
        print(f"no {RESULTS.relative_to(HERE.parents[1])}: run nox -s conformance first",
              file=sys.stderr)
        return 1
    others = [json.loads(path.read_text(encoding="utf-8"))
              for path in sorted(HERE.glob("results-v*.json"))]
    text = render(json.loads(RESULTS.read_text(encoding="utf-8")), others)
    if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
