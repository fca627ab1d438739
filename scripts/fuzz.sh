#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60).
#
#   scripts/fuzz.sh 60
#
# cargo-fuzz wants a nightly toolchain for its sanitizer flags; on a stable-only machine the
# targets still build with RUSTC_BOOTSTRAP=1 and no sanitizer (`-s none`): libFuzzer's coverage
# guidance works, only AddressSanitizer is missing (Rust code is memory-safe anyway; the fuzzers
# look for panics, hangs and excessive memory). With a nightly toolchain, set FUZZ_SANITIZER=address.
# Crashes are saved in fuzz/artifacts/TARGET/; reproduce with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail

secs="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz
fi

sanitizer="${FUZZ_SANITIZER:-none}"
if [ "$sanitizer" = none ]; then
    export RUSTC_BOOTSTRAP=1
fi

# Seed corpora from the bundled articles and a few queries (no binary blobs in the repository).
mkdir -p fuzz/corpus/front_matter fuzz/corpus/query fuzz/corpus/draw_article
for f in articles/*; do
    [ -f "$f" ] || continue
    base="$(basename "$f")"
    cp -n "$f" "fuzz/corpus/front_matter/$base" 2>/dev/null || true
    { printf 'P\030\000'; cat "$f"; } > "fuzz/corpus/draw_article/$base"
done
i=0
for q in 'tag:japan' 'author:pajon -tag:x' 'date:2013..2016 OR (is:read "a phrase")' \
    'title:kuril* date:>=2020-03' 'date:<2015 lang:en source:ifri' 'a OR b OR -(c d)'; do
    printf '%s' "$q" > "fuzz/corpus/query/seed-$i"
    i=$((i + 1))
done

status=0
for target in front_matter query draw_article; do
    echo "== fuzzing $target for ${secs}s (sanitizer: $sanitizer)"
    if ! cargo fuzz run --fuzz-dir fuzz -s "$sanitizer" "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -print_final_stats=1; then
        echo "!! $target found a problem: see fuzz/artifacts/$target/"
        status=1
    fi
done
exit "$status"
