#!/usr/bin/env bash
# quire beside ripgrep and fzf on the same generated library, timed with hyperfine (medians of
# runs taken in turn with the peer's).
#
#   scripts/bench.sh [DIR]            N=100000 by default; DIR default /tmp/quire-bench-<N/1000>k
#   N=20000 RUNS=10 scripts/bench.sh  a smaller library, more runs
#
# Generates the library once (examples/gen-corpus, deterministic, seed 1), warms the page cache,
# installs ripgrep, fzf and hyperfine with apt-get when missing, builds quire in release, then
# prints a table: task, quire median, peer median, ratio (quire / peer; lower is better).
# quire runs with empty XDG config/state folders so that no user setting changes what it does;
# the "no cache" task empties XDG_CACHE_HOME before every run, the "warm cache" one keeps it.
set -euo pipefail

N=${N:-100000}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
if (( N % 1000 == 0 )); then default_dir=/tmp/quire-bench-$((N / 1000))k; else default_dir=/tmp/quire-bench-$N; fi
DIR=${1:-$default_dir}
TITLE_WORD=${TITLE_WORD:-harbour}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools ---------------------------------------------------------------------------------
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v fzf >/dev/null || missing+=(fzf)
command -v hyperfine >/dev/null || missing+=(hyperfine)
if (( ${#missing[@]} )); then
    say "installing ${missing[*]}"
    sudo=(); (( EUID == 0 )) || sudo=(sudo)
    if ! "${sudo[@]}" apt-get install -y "${missing[@]}" >&2; then
        "${sudo[@]}" apt-get update >&2
        "${sudo[@]}" apt-get install -y "${missing[@]}" >&2
    fi
fi

# --- build ---------------------------------------------------------------------------------
say "building quire and gen-corpus (release)"
cargo build --release --bin quire --example gen-corpus
target_dir=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
target_dir=${target_dir:-$root/target}
QUIRE=$target_dir/release/quire
GEN=$target_dir/release/examples/gen-corpus

# --- library -------------------------------------------------------------------------------
marker=$DIR/.gen-corpus
if [[ -f $marker ]]; then
    have=$(awk '$1 == "count" { print $2 }' "$marker")
    version=$(awk '$1 == "generator" { print $2 }' "$marker")
    want_version=$(sed -n 's/^pub const GENERATOR_VERSION: u32 = \([0-9]*\);/\1/p' examples/gen_corpus/mod.rs)
    if [[ $version != "$want_version" ]]; then
        echo "bench.sh: $DIR was made by another gen-corpus version ($version, now $want_version); remove it" >&2
        exit 2
    fi
    if [[ $have != "$N" ]]; then
        echo "bench.sh: $DIR holds a library of $have articles, not N=$N; remove it or pick another DIR" >&2
        exit 2
    fi
    say "reusing $DIR ($N articles)"
else
    say "generating $N articles into $DIR"
    "$GEN" "$DIR" --count "$N" --seed "$SEED" >&2
fi
planted=$(awk '$1 == "with_phrase" { print $2 }' "$marker")
bytes=$(awk '$1 == "bytes" { print $2 }' "$marker")

say "warming the page cache"
find "$DIR" -type f -print0 | xargs -0 cat >/dev/null
rg -c '^title:' "$DIR" >/dev/null || true

# --- isolated XDG folders ------------------------------------------------------------------
work=$(mktemp -d /tmp/quire-bench-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config" "$work/state" "$work/cache-cold" "$work/cache-warm"
export XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
cold="XDG_CACHE_HOME=$work/cache-cold"
warm="XDG_CACHE_HOME=$work/cache-warm"
q=$(printf '%q' "$QUIRE")
d=$(printf '%q' "$DIR")

# The median of the numbers on standard input, one a line.
median() {
    sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# Times two commands with hyperfine, one run at a time and in turn (quire first, then the peer
# first, and so on): this machine's speed drifts by more than the differences measured, and
# blocks of runs of one command after the other's compared two different moments. Extra
# arguments go to hyperfine (a --prepare runs before every run); with --warmup, each command
# runs once untimed first. Appends "task<TAB>quire median<TAB>peer median" to $work/table.
compare() {
    local task=$1 quire_cmd=$2 peer_cmd=$3
    shift 3
    say "$task"
    local args=() warmup=0
    while (( $# )); do
        case $1 in
            --warmup) warmup=1; shift 2 ;;
            *) args+=("$1"); shift ;;
        esac
    done
    if (( warmup )); then
        sh -c "$quire_cmd" >/dev/null 2>&1 || true
        sh -c "$peer_cmd" >/dev/null 2>&1 || true
    fi
    local times=$work/$task.times
    : >"$times"
    for ((i = 0; i < RUNS; i++)); do
        local order=(-n quire "$quire_cmd" -n peer "$peer_cmd")
        if (( i % 2 )); then order=(-n peer "$peer_cmd" -n quire "$quire_cmd"); fi
        hyperfine --style none --runs 1 "${args[@]}" --export-csv "$work/run.csv" "${order[@]}" >&2
        # CSV: command,mean,stddev,median,user,system,min,max (seconds).
        awk -F, 'NR > 1 { print $1 "\t" $4 }' "$work/run.csv" >>"$times"
    done
    local qm pm
    qm=$(awk -F'\t' '$1 == "quire" { print $2 }' "$times" | median)
    pm=$(awk -F'\t' '$1 == "peer" { print $2 }' "$times" | median)
    printf '%s\t%s\t%s\n' "$task" "$qm" "$pm" >>"$work/table"
}
: >"$work/table"

compare "count, no cache (vs rg -c ^title:)" \
    "$cold $q list $d --count" \
    "rg -c '^title:' $d" \
    --prepare "rm -rf $work/cache-cold/quire"

compare "count, warm cache (vs rg -c ^title:)" \
    "$warm $q list $d --count" \
    "rg -c '^title:' $d" \
    --warmup 1

compare "body phrase \"kuril islands\" (vs rg -l -i -F)" \
    "$warm $q list $d -q '\"kuril islands\"' --count" \
    "rg -l -i -F 'kuril islands' $d | wc -l" \
    --warmup 1

# Titles as quire lists them (tsv: path, date, title, ...), for fzf to filter.
env "$warm" "$QUIRE" list "$DIR" --format tsv | tail -n +2 | cut -f3 >"$work/titles.txt"
titles=$(printf '%q' "$work/titles.txt")
compare "title \"$TITLE_WORD\" (vs fzf --filter on titles)" \
    "$warm $q list $d -q 'title:$TITLE_WORD' --count" \
    "fzf --exact --filter '$TITLE_WORD' < $titles | wc -l" \
    --warmup 1

# --- match counts --------------------------------------------------------------------------
quire_phrase=$(env "$warm" "$QUIRE" list "$DIR" -q '"kuril islands"' --count)
rg_phrase=$(rg -l -i -F 'kuril islands' "$DIR" | wc -l)
quire_title=$(env "$warm" "$QUIRE" list "$DIR" -q "title:$TITLE_WORD" --count)
fzf_title=$(fzf --exact --filter "$TITLE_WORD" <"$work/titles.txt" | wc -l)
quire_all=$(env "$warm" "$QUIRE" list "$DIR" --count)
rg_title=$(rg -l '^title:' "$DIR" | wc -l)

# --- report --------------------------------------------------------------------------------
echo
echo "quire beside rg/fzf: $N articles, $((bytes / 1000000)) MB, $RUNS runs each, medians"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(free -g | awk '/^Mem:/ { print $2 " GB RAM" }'), $(uname -sr)"
echo "tools: $(rg --version | sed -n 1p), fzf $(fzf --version | cut -d' ' -f1), $(hyperfine --version)"
echo
awk -F'\t' 'BEGIN {
        printf "| %-48s | %13s | %13s | %7s |\n", "task", "quire median", "peer median", "ratio"
        printf "|%s|%s|%s|%s|\n", "--------------------------------------------------", "--------------:", "--------------:", "--------:"
    }
    { printf "| %-48s | %10.1f ms | %10.1f ms | %6.2fx |\n", $1, $2 * 1000, $3 * 1000, ($3 > 0 ? $2 / $3 : 0) }' \
    "$work/table"
echo
echo "matches: all articles quire $quire_all, files with ^title: (rg) $rg_title"
echo "matches: \"kuril islands\" quire $quire_phrase, rg $rg_phrase, planted $planted$([[ $quire_phrase == "$rg_phrase" ]] && echo ' (equal)' || echo ' (DIFFERENT)')"
echo "matches: title $TITLE_WORD quire $quire_title, fzf $fzf_title"
