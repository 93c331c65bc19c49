"""``python -m sphinx_podlab diff OLD NEW | PAGE | OLD_DIR NEW_DIR``.

Exit status: 0 when every difference is cosmetic, 1 when any is meaningful, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from ..record.store import CHAIN_RUN_SUFFIX, FAILURE_SUFFIX, REMOTE_DIR
from .compare import compare_records
from .load import parse_record, read_record
from .model import BadRecordError, Review
from .report import format_review, review_data

NO_DRIFT, MEANINGFUL, BAD_INPUT = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Compare two records of a page command by command; each difference is cosmetic "
        "(ages, timestamps, durations, IPs, UIDs and generated names renamed consistently "
        "across the page) or meaningful (statuses, messages, lines, columns, exit statuses, "
        "checked text). Exit status: 0 all cosmetic, 1 any meaningful, 2 bad input.")
    parser.add_argument("old", help="the older record (JSON), a directory of records, or a "
                        "page's name alone (its committed record against the working tree's)")
    parser.add_argument("new", nargs="?", help="the newer record, or directory of records")
    parser.add_argument("--docs", type=Path, default=Path("docs"),
                        help="the book's source directory, for a page name (default: docs)")
    parser.add_argument("-m", "--meaningful-only", action="store_true",
                        help="list only the meaningful differences")
    parser.add_argument("--brief", action="store_true",
                        help="list the meaningful differences; count the cosmetic ones by kind")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    try:
        reviews, notes = _reviews(args)
    except BadRecordError as error:
        print(f"diff: {error}", file=sys.stderr)
        return BAD_INPUT
    if args.json:
        print(json.dumps([review_data(review) for review in reviews], ensure_ascii=False,
                         indent=2))
    else:
        blocks = [*notes, *(format_review(review, args.meaningful_only, args.brief)
                            for review in reviews)]
        print("\n\n".join(blocks) if blocks else "no records changed")
    return MEANINGFUL if any(review.meaningful for review in reviews) else NO_DRIFT


def _reviews(args: argparse.Namespace) -> tuple[list[Review], list[str]]:
    if args.new is None:
        return [_page_review(args.old, args.docs)], []
    old, new = Path(args.old), Path(args.new)
    if old.is_dir() or new.is_dir():
        if not (old.is_dir() and new.is_dir()):
            raise BadRecordError(f"{old} and {new}: compare two records or two directories")
        return _directory_reviews(old, new)
    return [compare_records(read_record(str(old)), read_record(str(new)), str(old),
                            str(new))], []


def _directory_reviews(old: Path, new: Path) -> tuple[list[Review], list[str]]:
    """Each record of ``new`` whose file differs from the one of the same name in ``old``
    (what a regeneration rewrote); records only on one side are listed as notes."""
    reviews, notes = [], []
    old_names = set(_record_files(old))
    for name in _record_files(new):
        before, after = old / name, new / name
        if name not in old_names:
            notes.append(f"{name}: new record (nothing earlier to compare with)")
        elif before.read_bytes() != after.read_bytes():
            reviews.append(compare_records(read_record(str(before)), read_record(str(after)),
                                           str(before), str(after)))
    notes += [f"{name}: record removed" for name in sorted(old_names - set(_record_files(new)))]
    return reviews, notes


def _record_files(directory: Path) -> list[Path]:
    """The records under a record directory (relative paths): not the failure notes and
    chain-run notes beside them, not the fetched manifests in ``_remote/`` (a JSON manifest
    is no record)."""
    return sorted(path.relative_to(directory) for path in directory.rglob("*.json")
                  if not path.name.endswith((FAILURE_SUFFIX, CHAIN_RUN_SUFFIX))
                  and REMOTE_DIR not in path.relative_to(directory).parts[:1])


def _page_review(page: str, docs: Path) -> Review:
    """The page's committed record (git HEAD) against its working-tree one (the last run)."""
    path = _record_path(page, docs)
    top = _git(["rev-parse", "--show-toplevel"], path.parent).strip()
    relative = path.resolve().relative_to(Path(top).resolve()).as_posix()
    committed = _git(["show", f"HEAD:{relative}"], path.parent,
                     f"no committed record of {page} at HEAD ({relative})")
    old = parse_record(committed, f"HEAD:{relative}")
    return compare_records(old, read_record(str(path)), f"HEAD:{relative}", str(path))


def _record_path(page: str, docs: Path) -> Path:
    records = docs / _record_dir(docs)
    name = page.removesuffix(".json").removesuffix(".md").removesuffix(".rst")
    for candidate in (records / f"{name}.json", records / name / "index.json"):
        if candidate.is_file():
            return candidate
    raise BadRecordError(f"no record of page {page!r} in {records} (tried {name}.json and "
                         f"{name}/index.json)")


def _record_dir(docs: Path) -> str:
    """``podlab_record_dir`` from the book's conf.py (``_podlab`` when unset)."""
    conf = docs / "conf.py"
    if not conf.is_file():
        raise BadRecordError(f"{docs} has no conf.py: give --docs the book's source directory")
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    try:
        namespace = eval_config_file(conf.resolve(), Tags())
    except Exception as error:  # a conf.py that does not run: say so, not a traceback
        last = [line for line in str(error).splitlines() if line.strip()][-1:] or [repr(error)]
        raise BadRecordError(f"cannot read {conf}: {last[0].strip()}") from None
    return str(namespace.get("podlab_record_dir", "_podlab"))


def _git(arguments: list[str], where: Path, missing: str | None = None) -> str:
    try:
        done = subprocess.run(["git", *arguments], cwd=where, capture_output=True, text=True,
                              check=False)
    except OSError as error:
        raise BadRecordError(f"cannot run git: {error}") from None
    if done.returncode != 0:
        raise BadRecordError(missing or f"git {' '.join(arguments)} failed in {where}: "
                             f"{done.stderr.strip()}")
    return done.stdout

