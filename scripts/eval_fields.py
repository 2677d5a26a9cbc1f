#!/usr/bin/env python3
"""Per-field quality of the generic extractor.

Two modes:

  fundus  Runs `newscrawl extract --site generic --url <page url> <page>` over every page of the
          Fundus per-field set (eval/fundus-dev: real pages of ~100 publishers, gunzipped into a
          temporary folder), writes the records as JSON Lines with an "id" key and prints what the
          set's own scorer (eval/score_fields.py) says: title, byline, date, lead, body, captions,
          caption and lead leaks.

  vn      Runs every article page of the Vietnamese corpus (corpus/vn, listing pages left out)
          through its site extractor (`--site auto`) and through the generic one (`--site generic`),
          and prints per field the share of pages where the generic record equals the site
          extractor's (text compared after NFC and white-space collapse; images as the list of
          (url, caption), captions as the list of captions alone), and a similarity where equality
          is too coarse (title/lead/byline: token F1; body: the 4-shingle F1 of score_fields.py;
          images: share of the site's image URLs found; captions: share of the site's captions found). The site extractors'
          records are the reference: they are hand-written for those templates.

The page URL is passed with --url as a crawl would know it (fundus: the truth's `url`; vn: built
from the folder's host and the file name, since some corpus pages are fragments without a
canonical link).

Usage:
  scripts/eval_fields.py fundus [--bin build/newscrawl] [--eval DIR] [--keep FILE.jsonl] [--per-page FILE.tsv]
                                [--by country|publisher|language|none]
  scripts/eval_fields.py vn     [--bin build/newscrawl] [--corpus DIR] [--per-page FILE.tsv]

A development tool (standard library only): it builds nothing and reads the shared folder at run
time; tests never depend on it.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir(sub: str) -> Path:
    d = REPO.parent / "shared" / sub
    return d if d.exists() else Path("/work/shared") / sub


def load_scorer(eval_dir: Path):
    """score_fields.py as a module, so both modes use its tokeniser and metrics."""
    spec = importlib.util.spec_from_file_location("score_fields", eval_dir / "score_fields.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def extract(binary: Path, page: Path, site: str, url: str | None) -> dict | None:
    cmd = [str(binary), "--log-level", "error", "extract", "--site", site]
    if url:
        cmd += ["--url", url]
    cmd.append(str(page))
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.stderr.write(f"{page.name}: exit {proc.returncode} {proc.stderr.strip()[:200]}\n")
        return None
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- fundus mode
def run_fundus(args) -> int:
    eval_dir = args.eval or shared_dir("eval")
    truth_path = eval_dir / "fundus-dev" / "truth.jsonl"
    scorer = eval_dir / "score_fields.py"
    if not truth_path.is_file() or not scorer.is_file():
        print(f"eval_fields: no Fundus set at {eval_dir}", file=sys.stderr)
        return 2
    truth = [json.loads(line) for line in truth_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="fundus-") as tmp:
        tmp_path = Path(tmp)
        pred_path = args.keep or tmp_path / "pred.jsonl"
        done = 0
        with open(pred_path, "w", encoding="utf-8") as out:
            for t in truth:
                gz = eval_dir / "fundus-dev" / "html" / f"{t['id']}.html.gz"
                page = tmp_path / f"{t['id']}.html"
                page.write_bytes(gzip.decompress(gz.read_bytes()))
                rec = extract(args.bin, page, "generic", t.get("url"))
                page.unlink()
                if rec is None:
                    continue
                rec["id"] = t["id"]
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                done += 1
        print(f"{done} of {len(truth)} pages extracted")
        cmd = [sys.executable, str(scorer), str(pred_path), "--truth", str(truth_path), "--by", args.by]
        if args.per_page:
            cmd += ["--per-page", str(args.per_page)]
        return subprocess.run(cmd).returncode


# ---------------------------------------------------------------- vn mode
SUFFIXES = (".abridged", ".reconstructed", ".article__body.dom", ".l-content.dom")


def page_url(page: Path) -> str:
    name = page.name[: -len(".html")]
    for s in SUFFIXES:
        if name.endswith(s):
            name = name[: -len(s)]
    return f"https://{page.parent.name}/{name}.html"


def run_vn(args) -> int:
    sf = load_scorer(args.eval or shared_dir("eval"))
    corpus = args.corpus or shared_dir("corpus/vn")
    pages = sorted(p for p in corpus.glob("*/*.html") if not p.name.endswith(".listing.html"))
    if not pages:
        print(f"eval_fields: no pages under {corpus}", file=sys.stderr)
        return 2

    def text(v) -> str:
        return sf.collapse(v) if isinstance(v, str) else ""

    def token_f1(a, b) -> float:
        return sf.bag_f1(sf.tokens(text(a)), sf.tokens(text(b)))

    def shingle_f1(ref, got) -> float:
        tp, fp, fn = sf.tp_fp_fn(text(ref), text(got))
        if not text(ref) and not text(got):
            return 1.0
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def images(rec):
        return [(i.get("url"), text(i.get("caption"))) for i in rec.get("images") or []]

    def captions(rec):
        return [c for _, c in images(rec) if c]

    def caption_share(ref, got) -> float:
        want = captions(ref)
        have = captions(got)
        if not want:
            return 1.0 if not have else 0.0
        return sum(1 for c in want if any(sf.bag_f1(sf.tokens(c), sf.tokens(h)) >= 0.8 for h in have)) / len(want)

    def url_share(ref, got) -> float:
        want = [u for u, _ in images(ref)]
        have = {u for u, _ in images(got)}
        if not want:
            return 1.0 if not have else 0.0
        return sum(1 for u in want if u in have) / len(want)

    fields = ["title", "lead", "body", "byline", "images", "captions"]
    rows = []
    for page in pages:
        url = page_url(page)
        site = extract(args.bin, page, "auto", url)
        gen = extract(args.bin, page, "generic", url)
        if site is None or gen is None:
            continue
        if site.get("extractor") == "generic":
            continue  # no site extractor for this host: nothing to compare with
        row = {"page": f"{page.parent.name}/{page.name}", "extractor": site.get("extractor")}
        for f in ("title", "lead", "body", "byline"):
            row[f + "_eq"] = text(site.get(f)) == text(gen.get(f))
        row["images_eq"] = images(site) == images(gen)
        row["captions_eq"] = captions(site) == captions(gen)
        row["title_sim"] = token_f1(site.get("title"), gen.get("title"))
        row["lead_sim"] = token_f1(site.get("lead"), gen.get("lead"))
        row["body_sim"] = shingle_f1(site.get("body"), gen.get("body"))
        row["byline_sim"] = token_f1(site.get("byline"), gen.get("byline"))
        row["images_sim"] = url_share(site, gen)
        row["captions_sim"] = caption_share(site, gen)
        rows.append(row)

    n = len(rows)
    print(f"{n} pages with a site extractor (corpus {corpus})")
    print(f"{'field':<10} {'equal':>7} {'similar':>8}  similarity measure")
    measure = {"title": "token F1", "lead": "token F1", "body": "4-shingle F1", "byline": "token F1",
               "images": "share of the site's image URLs found",
               "captions": "share of the site's captions found (token F1 >= 0.8)"}
    summary = {}
    for f in fields:
        eq = sum(r[f + "_eq"] for r in rows) / n if n else 0.0
        sim = sum(r[f + "_sim"] for r in rows) / n if n else 0.0
        summary[f] = eq
        print(f"{f:<10} {eq:>7.3f} {sim:>8.3f}  {measure[f]}")
    print()
    print(f"{'page':<60} " + " ".join(f"{f[:6]:>6}" for f in fields))
    for r in rows:
        cells = ["=" if r[f + "_eq"] else f"{r[f + '_sim']:.2f}" for f in fields]
        print(f"{r['page'][:60]:<60} " + " ".join(f"{c:>6}" for c in cells))
    if args.per_page:
        cols = ["page", "extractor"] + [f + s for f in fields for s in ("_eq", "_sim")]
        with open(args.per_page, "w", encoding="utf-8") as fh:
            fh.write("\t".join(cols) + "\n")
            for r in rows:
                fh.write("\t".join(str(int(r[c]) if isinstance(r[c], bool) else
                                       (f"{r[c]:.3f}" if isinstance(r[c], float) else r[c])) for c in cols) + "\n")
    print("\nvn equal: " + " ".join(f"{f}={summary[f]:.3f}" for f in fields))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["fundus", "vn"])
    ap.add_argument("--bin", type=Path, default=REPO / "build" / "newscrawl", help="the built newscrawl binary")
    ap.add_argument("--eval", type=Path, default=None, help="folder with score_fields.py and fundus-dev/")
    ap.add_argument("--corpus", type=Path, default=None, help="the Vietnamese corpus (vn mode)")
    ap.add_argument("--keep", type=Path, help="fundus: write the predictions (JSON Lines) here")
    ap.add_argument("--per-page", type=Path, help="per-page TSV")
    ap.add_argument("--by", choices=["country", "publisher", "language", "none"], default="none",
                    help="fundus: breakdown table passed to score_fields.py")
    args = ap.parse_args()
    if not args.bin.is_file():
        print(f"eval_fields: no binary at {args.bin} (build it: scripts/build.sh)", file=sys.stderr)
        return 2
    return run_fundus(args) if args.mode == "fundus" else run_vn(args)


if __name__ == "__main__":
    sys.exit(main())
