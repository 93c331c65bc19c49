"""`python benchmarks/status_bench.py [--pages 40] [--runs 3]`: seconds of
``python -m sphinx_podlab status`` on a generated book of N podlab pages, against a replay
build (``sphinx-build -E``, mode replay) of the same book.

The book is a scratch copy: N copies of the chapter (``docs/pod-ip/index.md``) as
``chNN/index.md``, each with a copy of the chapter's committed record (the scenario key
does not depend on the page's name, so every page is current). Nothing is written to docs/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "pod-ip/index"


def make_book(target: Path, pages: int) -> None:
    docs = ROOT / "docs"
    shutil.copy(docs / "conf.py", target / "conf.py")
    shutil.copytree(ROOT / "manifests", target.parent / "manifests")  # conf: ../manifests
    record_dir = docs / "_podlab"
    record = json.loads((record_dir / f"{CHAPTER}.json").read_text(encoding="utf-8"))
    names = []
    for number in range(1, pages + 1):
        docname = f"ch{number:02d}/index"
        names.append(docname)
        (target / docname).parent.mkdir(parents=True)
        shutil.copy(docs / f"{CHAPTER}.md", target / f"{docname}.md")
        copied = {**record, "docname": docname}
        destination = target / "_podlab" / f"{docname}.json"
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(json.dumps(copied, ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
    # the screenshots, which every copy of the record names by the chapter's path
    shutil.copytree(record_dir / CHAPTER, target / "_podlab" / CHAPTER)
    toctree = "\n".join(names)
    (target / "index.md").write_text(f"# Book\n\n```{{toctree}}\n{toctree}\n```\n",
                                     encoding="utf-8")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False)
    return time.perf_counter() - started, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as scratch:
        book = Path(scratch) / "book"
        book.mkdir()
        make_book(book, args.pages)
        status_times, build_times = [], []
        for run in range(args.runs):
            seconds, code = timed([sys.executable, "-m", "sphinx_podlab", "status", str(book)],
                                  env)
            assert code == 0, "every generated page must be current"
            status_times.append(seconds)
            seconds, code = timed([sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html",
                                   str(book), f"{scratch}/out-{run}"],
                                  {**env, "PODLAB_EXECUTION_MODE": "replay"})
            assert code == 0
            build_times.append(seconds)
    result = {"pages": args.pages, "status_seconds": round(statistics.median(status_times), 3),
              "replay_build_seconds": round(statistics.median(build_times), 3)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
