#!/bin/sh
# tests/t-stdin-fuzz.sh: a smoke run of qscanq-stdin's whole-path fuzzer
# (fuzz/fuzz-qscanq-stdin.c: a sanitizer build of qscanq-stdin, reformime
# and the stand-in queue, scanner /bin/true) from fuzz/corpus-qscanq-stdin
# and fuzz/corpus-reformime, for QSQ_STDIN_FUZZ_SECONDS seconds, 45 by
# default. Every input must give exit 0 with the message queued once, byte
# for byte, or 31 with nothing queued, and leave work/ empty; any crash,
# sanitizer report or other outcome fails. The one-hour campaigns are run
# by hand: sh fuzz/run-qscanq-stdin 3600.
. "$(dirname "$0")/lib.sh"

W=$QSQ_TMP/stdin-fuzz
rm -rf "$W" && mkdir -p "$W" || exit 1
secs=${QSQ_STDIN_FUZZ_SECONDS:-45}
sh "$TOP/fuzz/run-qscanq-stdin" "$secs" "$W" > "$W/run.out" 2>&1
rc=$?
cat "$W/run.out"
expect_eq "fuzz-qscanq-stdin: ${secs} s under ASan and UBSan without a finding" "$rc" "0"
expect_eq "fuzz-qscanq-stdin: no crash input saved" "$(ls "$W/artifacts" 2>/dev/null | wc -l | tr -d ' ')" "0"
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/run.out")
check "fuzz-qscanq-stdin: it really ran (${execs:-no} whole-path executions)" test "${execs:-0}" -ge 50
seeds=$(ls "$TOP/fuzz/corpus-qscanq-stdin" | wc -l)
check "fuzz-qscanq-stdin: the seed corpus is there ($seeds files)" test "$seeds" -ge 6
bytes=$(cat "$TOP"/fuzz/corpus-qscanq-stdin/* | wc -c)
check "fuzz-qscanq-stdin: the seed corpus is small ($bytes bytes)" test "$bytes" -lt 204800
if [ "$rc" -ne 0 ]; then tail -n 40 "$W/fuzz.log"; fi
rm -rf "$W/corpus" "$W/obj" "$W/sb"
finish
