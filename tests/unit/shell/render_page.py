"""Write docs/appendix/shell.md: each shell construct, what podlab does, the error otherwise.

    python tests/unit/shell/render_page.py

The messages are the parser's own (each example is parsed and checked here), so the page
cannot say something the build does not; test_render_page.py fails when the page is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx_podlab.shell.commands import check_script
from sphinx_podlab.shell.source import ShellSyntaxError
from sphinx_podlab.shell.syntax import parse_script
from sphinx_podlab.shell.variables import check_variables_set

PAGE = Path(__file__).resolve().parents[3] / "docs" / "appendix" / "shell.md"

# (construct, example, what podlab does) — every example must be accepted
SUPPORTED = (
    ("パイプライン", "kubectl get pods | grep mysql | wc -l",
     "最初のコマンド (kubectl か echo) を実行し、その標準出力に続くフィルターを"
     "ビルドマシンの本物のプログラムとして順に実行します。終了ステータスは最後のフィルターのもの"
     "です (pipefail なし)。"),
    ("フィルター", "kubectl get pods -o json | jq -r '.items[].metadata.name' | sort",
     "grep, egrep, fgrep, head, tail, wc, sort, uniq, cut, awk, sed, tr, jq, base64, column, "
     "cat。標準入力だけを読みます。固定の環境 (LC_ALL=C.UTF-8)、空の作業ディレクトリ、"
     "タイムアウト付きで、sed と GNU awk は --sandbox で実行します。"),
    ("引用符の中の |", "kubectl exec mysql-0 -- sh -c 'printenv | grep MYSQL'",
     "一つのコマンドです。パイプはコンテナの中の sh が処理します。"),
    ("引用符の外の |", "kubectl exec mysql-0 -- printenv | grep MYSQL",
     "パイプラインです。grep はビルドマシンで kubectl の出力に対して動きます。"),
    ("; && ||", "kubectl get pod mysql-0 && echo found || echo missing; echo done",
     "シェルと同じく、直前の終了ステータスに応じて次を実行します。"),
    ("変数の代入", "POD=$(kubectl get pods -l app=pma -o name)",
     "コマンドの標準出力 (末尾の改行を除く) をページの変数にします。export NAME=値 も同じです。"
     "値は記録に残り、再生でも同じページになります。"),
    ("変数の展開", 'kubectl logs "$POD"',
     "同じページのそれより前の行 (別のブロックでも) で代入した値になります。"),
    ("$(...)", 'echo "pods: $(kubectl get pods -o name | wc -l)"',
     "中のコマンドを先に実行し、その標準出力で置き換えます。"),
    ("echo", 'echo "$POD"', "引数を空白でつないで表示します (-n のみ)。"),
    ("コメント", "kubectl get pods # Podの一覧", "表示しますが実行しません。"),
    ("行の継続", "kubectl get pods \\\n    -o wide",
     "行末の \\ (と、シェルと同じく行末の |, &&, || や閉じていない引用符) で次の行に続きます。"),
)

# (construct, example) — every example must be refused
REFUSED = (
    ("出力のリダイレクト", "kubectl get pods > pods.txt"),
    ("標準エラー出力のリダイレクト", "kubectl logs mysql-0 2>&1"),
    ("入力のリダイレクト", "kubectl apply -f - < pod.yaml"),
    ("ヒアドキュメント", "kubectl apply -f - <<EOF"),
    ("グロブ", "kubectl delete pod web-*"),
    ("引用符のない []", "kubectl get pods -o jsonpath={.items[0].metadata.name}"),
    ("ブレース展開", "kubectl delete pod web-{1,2}"),
    ("サブシェル", "(kubectl get pods)"),
    ("グループ", "{ kubectl get pods; }"),
    ("バッククォート", "echo `kubectl get pods -o name`"),
    ("算術展開", "echo $((1 + 2))"),
    ("パラメーター展開の演算", "echo ${POD:-mysql-0}"),
    ("特殊パラメーター", "echo $?"),
    ("プロセス置換", "diff <(kubectl get pods) pods.txt"),
    ("制御構文", "for p in a b; do kubectl delete pod $p; done"),
    ("test コマンド", "[ -n x ]"),
    ("チルダ展開", "kubectl apply -f ~/pod.yaml"),
    ("履歴展開", "echo hi!x"),
    ("全角空白", "kubectl get pods\u3000# 確認"),
    ("未設定の変数", "kubectl logs $NOWHERE"),
    ("ファイルを読むフィルター", "kubectl get pods | grep mysql pods.txt"),
    ("ファイルを書くオプション", "kubectl get pods | sort -o pods.txt"),
    ("コマンドを実行するプログラム", "kubectl get pods -o name | xargs kubectl delete"),
    ("パイプの先の kubectl", "kubectl create deployment x --image=y -o yaml | kubectl apply -f -"),
    ("入力のないフィルター", "grep mysql"),
    ("コマンドの前の代入", "POD=mysql-0 kubectl logs mysql-0"),
    ("その他のホストのコマンド", "sleep 10"),
    ("ページの port-forward 以外への curl", "curl https://example.com/"),
    ("ファイルを書く wget", "wget -q http://localhost:8080/"),
    ("行の途中の &", "kubectl get pods -w & echo started"),
)


def _check(text: str) -> None:
    script = parse_script(text, column_base=3)
    check_script(script)
    check_variables_set(script, {"POD"})


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    """A code span in a table cell; a line break shows as ↵."""
    shown = _cell(text.replace("\n", " ↵ "))
    return f"`` {shown} ``" if "`" in shown else f"`{shown}`"


def _refusal(text: str) -> str:
    try:
        _check(text)
    except ShellSyntaxError as error:
        return str(error)
    raise AssertionError(f"accepted, but the page says refused: {text}")


def render() -> str:
    lines = [
        "# 付録: コマンド行のシェル構文",
        "",
        "<!-- tests/unit/shell/render_page.py が生成します。直接編集しないでください。 -->",
        "",
        "`podlab` ブロックの `$ ` の行は、読者のシェルと同じ意味で実行されます "
        "(`sphinx_podlab/shell/`)。",
        "シェルによって意味が変わる構文や、podlab が実行しない構文は、ビルド時に"
        "構文と桁を示すエラーになります (違う意味のページを作ることはありません)。",
        "",
        "## 使える構文",
        "",
        "| 構文 | 例 | podlab がすること |",
        "|---|---|---|",
    ]
    for construct, example, meaning in SUPPORTED:
        _check(example)
        lines.append(f"| {_cell(construct)} | {_code(example)} | {_cell(meaning)} |")
    lines += [
        "",
        "## エラーになる構文",
        "",
        "桁は `$ ` を含めた行の中の位置です。",
        "",
        "| 構文 | 例 | ビルドのエラー |",
        "|---|---|---|",
    ]
    for construct, example in REFUSED:
        lines.append(f"| {_cell(construct)} | {_code('$ ' + example)} | "
                     f"{_code(_refusal(example))} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
