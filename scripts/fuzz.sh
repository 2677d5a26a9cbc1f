#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan), seeds their corpora from the fixtures and
# runs each target for SECONDS, one after another (the machine is shared: one fuzzer at a time,
# niced). Prints executions, exec/s, coverage and crashes per target; exits 1 if any target found
# a crash, timeout, leak or OOM.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 60 s, every target
#   targets: html_extract selector robots url sitemap feed charset
#
# Corpora grow in fuzz-corpus/<target>/ (kept between runs), crash inputs land in
# fuzz-findings/<target>/ with the run log; both are gitignored. Reproduce a finding with
#   build-fuzz/fuzz/<target>_fuzzer fuzz-findings/<target>/crash-...
# and minimise it with -minimize_crash=1 -runs=10000.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${NEWSCRAWL_FUZZ_BUILD:-$ROOT/build-fuzz}
ALL_TARGETS=(html_extract selector robots url sitemap feed charset)

SECONDS_PER_TARGET=${1:-60}
shift || true
if [[ $# -gt 0 ]]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
for t in "${TARGETS[@]}"; do
  [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || { echo "unknown target: $t" >&2; exit 2; }
done

# Largest input per target: pages are capped at 1 MiB by the fetcher's budget here; robots.txt
# and sitemaps need room for their own caps to matter; URLs and selectors are short.
max_len() {
  case $1 in
    html_extract) echo 1048576 ;;
    robots) echo 65536 ;;
    sitemap | feed) echo 262144 ;;
    charset) echo 65536 ;;
    url) echo 20480 ;;
    selector) echo 4096 ;;
  esac
}

# Per-input time limit. html_extract runs every extractor over pages up to 1 MiB, and coverage
# tracing of its byte loops makes a 250 KB page take about 3 s alone (0.05 s in a release build),
# more on a busy machine; what it must catch is an input that takes minutes.
timeout_s() {
  case $1 in
    html_extract) echo 60 ;;
    *) echo 10 ;;
  esac
}

# --- build -----------------------------------------------------------------------------------
if [[ ! -f $BUILD/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DNEWSCRAWL_FUZZ=ON \
    -DNEWSCRAWL_BUILD_TESTS=OFF -DNEWSCRAWL_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
# NEWSCRAWL_FUZZ_NO_BUILD=1 skips the build (while another make runs in the same tree).
if [[ -z ${NEWSCRAWL_FUZZ_NO_BUILD:-} ]]; then
  nice -n 10 make -C "$BUILD" -j2 "${TARGETS[@]/%/_fuzzer}" >/dev/null
fi

# --- seed corpora ----------------------------------------------------------------------------
# Seeds are (re)written as seed-* files into the corpus directory; libFuzzer adds its own finds
# next to them under content hashes.
seed() {  # seed TARGET NAME < content
  cat >"$ROOT/fuzz-corpus/$1/seed-$2"
}

seed_html_extract() {
  local f i=0
  for f in fixtures/*/*.html; do cp "$f" "fuzz-corpus/html_extract/seed-$(basename "$f")"; done
  printf '<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":[{"name":"A"}],"datePublished":"2024-01-02T03:04:05+07:00"}</script></head><body><article><h1>T</h1><p>x</p></article></body></html>' | seed html_extract jsonld
  printf '<!-- c --><script>var a="</div>";</script><style>p{}</style><div><div><p>%s</p></div></div><base href="/x/"><a href="../y-post12.html">y</a><a href="?page=2" rel="next">n</a>' '&amp;&#x1F600;&bogus;' | seed html_extract prepass
  python3 -c 'print("<div>"*2000 + "x" + "</div>"*2000)' | seed html_extract deep
  printf '<table><tr><td><form><select><option><table><td>x</table></select></form>' | seed html_extract misnested
}

seed_selector() {
  grep -rIhoE '(MustParse|SelectAll|SelectFirst)\([^"]*"[^"]+"' extractors src |
    sed -E 's/^[^"]*"//; s/"$//' | sort -u | while IFS= read -r css; do
      i=$((${i:-0} + 1))
      printf '%s' "$css" | seed selector "src-$i"
    done
  local n=0 css
  for css in 'a[href]' 'link[rel=next][href], a[rel=next][href]' 'div#main > article.story p' \
    '[data-id^="4"]' '[title~=b]' '[lang$=US]' '[class*=ain]' 'p:not(.sapo)' '*' 'ul > li' \
    'article :not([href])' '.a.b#c[d="e f"]'; do
    n=$((n + 1))
    printf '%s' "$css" | seed selector "hand-$n"
  done
}

seed_robots() {
  local f
  for f in fixtures/robots/*.txt; do
    { printf '/news/2024/a-post1.html?x=1\n'; cat "$f"; } | seed robots "$(basename "$f")"
  done
  printf '/a%%2Fb%%7e/c$d\nUser-agent: *\nDisallow: /a/*/c$\nAllow: /a%%2f\nCrawl-delay: 2.5\n\nUser-agent: newscrawl\nUser-agent: Googlebot\nDisallow /private\nDissallow: tmp\nAllow: /private/ok$\nCrawl-delay: 1e308\nSitemap: /sitemap.xml\n' | seed robots groups
  printf '/\n\xef\xbb\xbfUser-Agent: *\rDisallow: /*.php*?*$\r\nAllow: /****\n# c\nDisallow: /\xc3\xa9\n' | seed robots eol
}

seed_url() {
  # Absolute URLs and hrefs harvested from the fixtures, paired as "base\nref".
  local urls hrefs n=0 u r
  urls=$(grep -rIhoE 'https?://[^"'"'"'<> )]+' fixtures | sort -u | sed -n '1,200p')
  hrefs=$(grep -rIhoE 'href="[^"]*"' fixtures --include='*.html' | sed -E 's/^href="//; s/"$//' |
    sort -u | sed -n '1,200p')
  while IFS= read -r u; do
    n=$((n + 1))
    printf '%s' "$u" | seed url "abs-$n"
  done <<<"$urls"
  n=0
  while IFS= read -r r; do
    n=$((n + 1))
    printf 'https://baogialai.com.vn/tin-tuc/a-post1.html?x=1#f\n%s' "$r" | seed url "rel-$n"
  done <<<"$hrefs"
  for u in 'http://[2001:db8::1]:8080/a/../b/./c?utm_source=x&k=v#frag' \
    'https://user:pa%20ss@xn--bcher-kva.example./%7Ea%2fb?&&a=1&fbclid=2' \
    'HTTPS://EXAMPLE.COM:443/%e2%82%ac/..%2F?q=%zz' 'http://0x7f.1/' 'https://bücher.de/ü?ü#ü' \
    'https://a.vn/x/y?q#f'; do
    n=$((n + 1))
    printf '%s' "$u" | seed url "hand-$n"
  done
  for r in '' '#z' '?k' '../../b' '//other.vn/p' 'mailto:x@a.vn' '\\evil.com/x' ' /a b ' 'http:x'; do
    n=$((n + 1))
    printf 'https://a.vn/x/y?q#f\n%s' "$r" | seed url "hand-$n"
  done
}

seed_sitemap() {
  local d=fuzz-corpus/sitemap
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.vn/x-post1.html</loc><lastmod>2024-01-02T03:04:05+07:00</lastmod><news:news><news:publication_date>2024-01-02</news:publication_date><news:title><![CDATA[Tiêu đề &amp; x]]></news:title></news:news></url><url><loc> /rel.html </loc><lastmod>bad</lastmod></url></urlset>\n' | seed sitemap urlset
  printf '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.vn/s1.xml.gz</loc><lastmod>2024-01-01</lastmod></sitemap><sitemap><loc>https://a.vn/s2.xml</loc></sitemap></sitemapindex>' | seed sitemap index
  printf 'https://a.vn/a.html\nhttps://a.vn/b.html\r\n\n  https://a.vn/c.html  \n' | seed sitemap text
  printf '<!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><urlset><url><loc>&b;</loc></url><url><loc>https://a.vn/' | seed sitemap entities
  gzip -9nc <"$d/seed-urlset" >"$d/seed-urlset.gz"
  gzip -9nc <"$d/seed-index" >"$d/seed-index.gz"
  head -c 2000000 /dev/zero | gzip -9nc >"$d/seed-bomb.gz"
}

seed_feed() {
  local d=fuzz-corpus/feed f
  for f in fixtures/discovery/*.xml; do head -c 262144 "$f" >"$d/seed-$(basename "$f")"; done
  printf '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &amp;lt;b&amp;gt;</title><entry><title>E</title><link rel="self" href="/s"/><link href="/e1"/><id>urn:x</id><updated>2024-01-02T03:04:05Z</updated></entry></feed>' | seed feed atom
  printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>C</title></channel><item rdf:about="https://a.vn/1"><title>I</title><dc:date>2024-01-02</dc:date></item></rdf:RDF>' | seed feed rdf
  printf '<rss version="2.0"><channel><title><![CDATA[T]]></title><item><guid isPermaLink="true">https://a.vn/g</guid><pubDate>Tue, 02 Jan 2024 03:04:05 +0700</pubDate></item><item><link>x' | seed feed truncated
  gzip -9nc <"$d/seed-atom" >"$d/seed-atom.gz"
}

seed_charset() {
  local f
  for f in fixtures/*/*.html; do
    { printf 'text/html; charset=utf-8\n'; head -c 16384 "$f"; } | seed charset "$(basename "$f")"
  done
  printf 'Xin chào, Việt Nam: đường phố' >/tmp/newscrawl-fuzz-vi.txt
  local cs
  for cs in WINDOWS-1258 UTF-16LE UTF-16BE TCVN5712-1 ISO-8859-1 SHIFT_JIS GB18030 UTF-8; do
    { printf 'text/html; charset="%s"\n' "$cs"; iconv -f UTF-8 -t "$cs" </tmp/newscrawl-fuzz-vi.txt 2>/dev/null || true; } |
      seed charset "label-$cs"
    { printf '\n<meta charset=%s>' "$cs"; iconv -f UTF-8 -t "$cs" </tmp/newscrawl-fuzz-vi.txt 2>/dev/null || true; } |
      seed charset "meta-$cs"
  done
  rm -f /tmp/newscrawl-fuzz-vi.txt
  printf '\n\xff\xfeh\x00i\x00' | seed charset bom16
  printf 'text/plain\n\xef\xbb\xbf\xc3\x28\xe2\x82\xa1\xf0\x90\x8c\xbc\xed\xa0\x80' | seed charset badutf8
  printf 'image/png\n\x89PNG\r\n\x1a\n\x00\x00' | seed charset binary
  printf '\n<!-- <meta charset=x> --><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">\x93q\x94' | seed charset httpequiv
}

# --- run -------------------------------------------------------------------------------------
printf '%-13s %6s %12s %9s %7s %8s %8s %s\n' target seconds executions exec/s cov ft corpus crashes
status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz-corpus/$t" "fuzz-findings/$t"
  "seed_$t"
  log=fuzz-findings/$t/run.log
  before=$(find "fuzz-findings/$t" -maxdepth 1 -type f ! -name '*.log' | wc -l)
  start=$(date +%s)
  rc=0
  nice -n 10 "$BUILD/fuzz/${t}_fuzzer" "fuzz-corpus/$t" \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout="$(timeout_s "$t")" \
    -max_len="$(max_len "$t")" -print_final_stats=1 \
    -artifact_prefix="fuzz-findings/$t/" >"$log" 2>&1 || rc=$?
  elapsed=$(($(date +%s) - start))
  after=$(find "fuzz-findings/$t" -maxdepth 1 -type f ! -name '*.log' | wc -l)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')
  corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')
  found=$((after - before))
  printf '%-13s %6s %12s %9s %7s %8s %8s %s\n' "$t" "$elapsed" "$execs" "$rate" "$cov" "$ft" \
    "$corp" "$found"
  if [[ $rc -ne 0 || $found -gt 0 ]]; then
    status=1
    echo "  $t: fuzzer exit $rc; see $log and fuzz-findings/$t/" >&2
    grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|fuzz invariant' "$log" | head -5 >&2 || true
  fi
done
exit $status
