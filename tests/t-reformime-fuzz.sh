#!/bin/sh
# tests/t-reformime-fuzz.sh: a smoke run of reformime's libFuzzer target
# (fuzz/fuzz-reformime.c, ASan and UBSan, from fuzz/corpus-reformime) for
# QSQ_FUZZ_SECONDS seconds, 60 by default. Any crash, leak, sanitizer
# report or timeout fails.
. "$(dirname "$0")/lib.sh"

W=$QSQ_TMP/reformime-fuzz
rm -rf "$W" && mkdir -p "$W" || exit 1
secs=${QSQ_FUZZ_SECONDS:-60}
sh "$TOP/fuzz/run-reformime" "$secs" "$W" > "$W/run.out" 2>&1
rc=$?
cat "$W/run.out"
expect_eq "fuzz-reformime: ${secs} s under ASan and UBSan without a finding" "$rc" "0"
expect_eq "fuzz-reformime: no crash input saved" "$(ls "$W/artifacts" 2>/dev/null | wc -l | tr -d ' ')" "0"
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/run.out")
check "fuzz-reformime: it really ran (${execs:-no} executions)" test "${execs:-0}" -ge 1000
seeds=$(ls "$TOP/fuzz/corpus-reformime" | wc -l)
check "fuzz-reformime: the seed corpus is there ($seeds files)" test "$seeds" -ge 30
check "fuzz-reformime: the seed corpus is small" test "$(du -sk "$TOP/fuzz/corpus-reformime" | cut -f1)" -lt 200
if [ "$rc" -ne 0 ]; then tail -n 40 "$W/fuzz.log"; fi
rm -rf "$W/corpus" "$W/obj"
finish
