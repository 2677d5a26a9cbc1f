#!/usr/bin/env python3
"""Body-extraction score of the generic extractor on the article-extraction benchmark pages.

Runs `newscrawl extract --site generic` once over every page of the benchmark (gunzipped into a
temporary folder), writes one `<id>.json` {"articleBody": ...} per page and scores them with the
benchmark's own `score_aeb.py` (which prints F1, precision, recall and accuracy).

Usage:
  scripts/eval_aeb.py [--bin build/newscrawl] [--eval ../shared/eval] [--keep DIR] [--per-page FILE]

A development tool (standard library only): it builds nothing and reads the benchmark from the
shared folder at run time; tests never depend on it.
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", type=Path, default=REPO / "build" / "newscrawl", help="the built newscrawl binary")
    ap.add_argument("--eval", type=Path, default=None,
                    help="benchmark folder holding score_aeb.py and aeb-dev/ (default: ../shared/eval)")
    ap.add_argument("--keep", type=Path, help="write the predictions here instead of a temporary folder")
    ap.add_argument("--per-page", type=Path, help="pass through to score_aeb.py: per-page TSV")
    args = ap.parse_args()

    eval_dir = args.eval
    if eval_dir is None:
        eval_dir = REPO.parent / "shared" / "eval"
        if not eval_dir.exists():
            eval_dir = Path("/work/shared/eval")
    pages_dir = eval_dir / "aeb-dev" / "html"
    scorer = eval_dir / "score_aeb.py"
    if not pages_dir.is_dir() or not scorer.is_file():
        print(f"eval_aeb: no benchmark at {eval_dir}", file=sys.stderr)
        return 2
    if not args.bin.is_file():
        print(f"eval_aeb: no binary at {args.bin} (build it: make -C build newscrawl)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="aeb-") as tmp:
        tmp_path = Path(tmp)
        html_dir = tmp_path / "html"
        html_dir.mkdir()
        files = []
        for gz in sorted(pages_dir.glob("*.html.gz")):
            out = html_dir / gz.name[: -len(".gz")]
            out.write_bytes(gzip.decompress(gz.read_bytes()))
            files.append(out)
        # One invocation for every page: JSON Lines, one object per page with a "file" key.
        proc = subprocess.run([str(args.bin), "extract", "--site", "generic", *map(str, files)],
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
        if proc.stderr:
            sys.stderr.write(proc.stderr)
        pred_dir = args.keep if args.keep else tmp_path / "pred"
        pred_dir.mkdir(parents=True, exist_ok=True)
        seen = set()
        for line in proc.stdout.splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            page_id = Path(rec["file"]).name.split(".")[0]
            seen.add(page_id)
            body = rec.get("body") or ""
            (pred_dir / f"{page_id}.json").write_text(json.dumps({"articleBody": body}, ensure_ascii=False),
                                                      encoding="utf-8")
        for f in files:  # a page the extractor failed on scores as an empty prediction
            page_id = f.name.split(".")[0]
            if page_id not in seen:
                (pred_dir / f"{page_id}.json").write_text('{"articleBody": ""}', encoding="utf-8")
        print(f"{len(seen)} of {len(files)} pages extracted")
        cmd = [sys.executable, str(scorer), str(pred_dir), "--truth", str(eval_dir / "aeb-dev" / "ground-truth.json")]
        if args.per_page:
            cmd += ["--per-page", str(args.per_page)]
        return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main())
