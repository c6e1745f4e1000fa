#!/bin/sh
# tests/t-zip-fuzz.sh: a smoke run of zip/'s libFuzzer target
# (fuzz/fuzz-zip.c, ASan and UBSan, seeds made by fuzz/run-zip) for
# QSQ_FUZZ_SECONDS seconds, 30 by default. Any crash, leak, sanitizer
# report or timeout fails.
. "$(dirname "$0")/lib.sh"

W=$QSQ_TMP/zip-fuzz
rm -rf "$W" && mkdir -p "$W" || exit 1
secs=${QSQ_FUZZ_SECONDS:-30}
sh "$TOP/fuzz/run-zip" "$secs" "$W" > "$W/run.out" 2>&1
rc=$?
cat "$W/run.out"
expect_eq "fuzz-zip: ${secs} s under ASan and UBSan without a finding" "$rc" "0"
expect_eq "fuzz-zip: no crash input saved" "$(ls "$W/artifacts" 2>/dev/null | wc -l | tr -d ' ')" "0"
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/run.out")
check "fuzz-zip: it really ran (${execs:-no} executions)" test "${execs:-0}" -ge 1000
if [ "$rc" -ne 0 ]; then tail -n 40 "$W/fuzz.log"; fi
rm -rf "$W/corpus" "$W/obj"
finish
