#!/usr/bin/env bash
# Runs every fuzz target of partner-eval for a bounded time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Defaults: 60 seconds, every target. Installs cargo-fuzz if missing, and
# needs a nightly toolchain (rustup toolchain install nightly). The corpus of
# each target is kept in fuzz/corpus/<target> (seeded from the project's own
# files on the first run) and stays small: inputs are capped with -max_len
# and the corpus is minimised (merged) after each run. Crashes land in
# fuzz/artifacts/<target>; turn each into a regression test.
# Not part of CI: run it by hand, or at low priority in the background:
#
#   nice -n 19 fuzz/run.sh 900 > /tmp/fuzz-run.log 2>&1 &
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(values headers indicators formula templates loader)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

max_len() {
    case "$1" in
        values | headers) echo 256 ;;
        indicators) echo 8192 ;;
        formula | templates) echo 4096 ;;
        loader) echo 65536 ;;
    esac
}

# First-run seeds: the project's own files, so the fuzzer starts from
# inputs that get deep into each parser.
seed() {
    local target="$1" dir="$here/corpus/$1"
    mkdir -p "$dir"
    if [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        return
    fi
    case "$target" in
        values)
            local i=0
            for s in "1,234.50" "¥1200" "0.12万元" "(100)" "20%" "0.2" "2025-03-07" "2025年3月7日" \
                "2025/3/7" "2025Q3" "2025年第三季度" "2025-07" "是" "否" "√" "×" "30人次" "2.5小时" \
                "低偿" "公益" "季度" "NaN" "1e308" "-inf"; do
                printf '%s' "$s" > "$dir/seed-$i"
                i=$((i + 1))
            done
            ;;
        headers)
            printf '记录编号\t合伙人 编号\t活动\n日期\t单价（元/人次）\t参与人次' > "$dir/seed-0"
            printf '合伙人名册' > "$dir/seed-1"
            printf '*合伙人编号(必填)\tUnit price\tunit_price' > "$dir/seed-2"
            ;;
        indicators)
            cp "$root/indicators/default.toml" "$dir/default.toml"
            cp "$root/indicators/strict-district.toml" "$dir/strict-district.toml"
            ;;
        formula)
            # The first byte is the repeat count of the deep/long form A#B#C.
            printf '\x02x + 1' > "$dir/seed-0"
            printf '\x7f(#x#)' > "$dir/seed-1"
            printf '\xffx+#x#' > "$dir/seed-2"
            printf '\x05abs(#x#)' > "$dir/seed-3"
            printf '\x01if(ok and not ok, max(x, 1), coalesce(y, 2)) / 3' > "$dir/seed-4"
            printf "\\x01count(services where pricing_mode in ('公益', '低偿')) > x" > "$dir/seed-5"
            printf '\x09not #ok#' > "$dir/seed-6"
            ;;
        templates)
            local f n=0
            for f in "$root"/report-templates/*.j2; do
                cp "$f" "$dir/seed-$n"; n=$((n + 1))
            done
            printf '{%% for i in range(100000) %%}{%% for j in range(9) %%}{{ i }}{%% endfor %%}{%% endfor %%}' > "$dir/seed-$n"
            ;;
        loader)
            # The first byte picks the name: 0 xlsx, 1 xls, 2 ods, 3 csv.
            local f n=0
            for f in "$root"/tests/fixtures/libreoffice-title-row.xlsx \
                "$root"/tests/fixtures/bad/macros.xlsm; do
                { printf '\x00'; cat "$f"; } > "$dir/xlsx-$n"; n=$((n + 1))
            done
            for f in "$root"/tests/fixtures/libreoffice-title-row.xls \
                "$root"/tests/fixtures/bad/merged-hidden.xls; do
                { printf '\x01'; cat "$f"; } > "$dir/xls-$n"; n=$((n + 1))
            done
            { printf '\x02'; cat "$root/tests/fixtures/libreoffice-title-row.ods"; } > "$dir/ods-0"
            for f in "$root"/tests/fixtures/gbk-csv/*.csv; do
                { printf '\x03'; cat "$f"; } > "$dir/csv-$n"; n=$((n + 1))
            done
            ;;
    esac
}

cd "$here"
cargo +nightly fuzz build
status=0
for target in "${targets[@]}"; do
    seed "$target"
    len="$(max_len "$target")"
    echo "=== $target: ${seconds}s, -max_len=$len, $(date -u +%FT%TZ)"
    # One job in-process (like -jobs=1, but the output stays in this log).
    if ! cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len="$len" \
        -timeout=20 -rss_limit_mb=3072 -print_final_stats=1; then
        echo "!!! $target: crash or failure, see fuzz/artifacts/$target"
        status=1
    fi
    # Keep the corpus small: only inputs that add coverage.
    cargo +nightly fuzz cmin "$target" "corpus/$target" -- -max_len="$len" >/dev/null 2>&1 || true
    echo "=== $target: done, corpus $(ls "corpus/$target" | wc -l) files, $(du -sh "corpus/$target" | cut -f1)"
done
exit "$status"
