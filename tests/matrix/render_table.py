"""Write docs/appendix/matrix.md from tests/matrix/results.json.

    python tests/matrix/render_table.py   # nox -s matrix runs it after the releases

The page is rewritten only when its text changes (sphinx-autobuild watches docs/).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
PAGE = HERE.parents[1] / "docs" / "appendix" / "matrix.md"


def render(document: dict[str, Any]) -> str:
    versions: dict[str, dict[str, Any]] = document["versions"]
    pages = sorted({page for entry in versions.values() for page in entry["pages"]})
    lines = [
        "# 付録: Kubernetes のリリースごとの実行結果",
        "",
        "<!-- tests/matrix/render_table.py が tests/matrix/results.json から生成します。"
        "直接編集しないでください。 -->",
        "",
        "この本の各ページを実験用クラスターの Kubernetes リリースごとに実際に実行し"
        " (`nox -s matrix`)、コミットされている記録と比べた結果です"
        " (比べ方は `python -m sphinx_podlab diff` と同じです)。",
        "AGE・時刻・所要時間や、ページ全体で一貫して変わった IP アドレス・UID・生成された"
        " Pod 名など、実行のたびに変わる値の違いは「表面的な差分」として数えません。",
        "状態・メッセージ・行の増減・列・終了ステータス・スクリーンショットで確かめた文字列の"
        "違いを「意味のある差分」として示します。",
        "",
        "## リリース",
        "",
        "| リリース | 実行日時 | ノードの OS | コンテナランタイム |",
        "|---|---|---|---|",
    ]
    for version, entry in versions.items():
        cluster = entry.get("cluster") or {}
        lines.append(f"| {version} | {_date(entry['ran_at'])} | {cluster.get('node_os', '—')} | "
                     f"{cluster.get('container_runtime', '—')} |")
    lines += ["", "## ページごとの結果", "",
              "| ページ | " + " | ".join(versions) + " |",
              "|---|" + "---|" * len(versions)]
    for page in pages:
        cells = [_cell(entry["pages"].get(page)) for entry in versions.values()]
        lines.append(f"| {{doc}}`/{page}` | " + " | ".join(cells) + " |")
    lines += ["", "## 意味のある差分", ""]
    found = False
    for version, entry in versions.items():
        for page, result in sorted(entry["pages"].items()):
            if not (result["drift"] or result["broken_claims"] or not result["live"]):
                continue
            found = True
            lines += [f"### {version}: {{doc}}`/{page}`", ""]
            if not result["live"]:
                lines += [f"実行に失敗しました: {_inline(result['failure'] or result['status'])}",
                          ""]
            for claim in result["broken_claims"]:
                lines += [f"- 主張の破綻: {_inline(claim)}"]
            for item in result["drift"]:
                lines += [f"- {_inline(item['place'])} の {_inline(item['part'])}: "
                          f"{_inline(item['reason'])}", ""]
                shown = [f"- {text}" for text in (item["old"] or "").split("\n")
                         if item["old"] is not None]
                shown += [f"+ {text}" for text in (item["new"] or "").split("\n")
                          if item["new"] is not None]
                lines += ["  ```text", *(f"  {text}" for text in shown), "  ```", ""]
            if result["meaningful"] > len(result["drift"]):
                lines += [f"- ほか {result['meaningful'] - len(result['drift'])} 件", ""]
            lines.append("")
    if not found:
        lines += ["どのリリースでも、意味のある差分はありません。", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(result: dict[str, Any] | None) -> str:
    if result is None:
        return "—"
    if not result["live"]:
        return "実行失敗"
    parts = ["実行成功"]
    if not result["committed"]:
        parts.append("記録なし")
    elif result["meaningful"]:
        parts.append(f"意味のある差分 {result['meaningful']}")
    else:
        parts.append("意味のある差分なし")
    if result["broken_claims"]:
        parts.append(f"主張の破綻 {len(result['broken_claims'])}")
    return "、".join(parts)


def _inline(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _date(iso: str) -> str:
    return iso.replace("T", " ")[:16] + " UTC"


def main() -> int:
    if not RESULTS.exists():
        print(f"no {RESULTS.relative_to(HERE.parents[1])}: run nox -s matrix first",
              file=sys.stderr)
        return 1
    text = render(json.loads(RESULTS.read_text(encoding="utf-8")))
    if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
