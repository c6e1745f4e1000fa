#!/bin/sh
# tests/t-reformime-limits.sh: each of reformime's compile-time limits just
# below (passes) and just above (exit 31, a clear message); work linear in
# the input, measured by the counts of reformime -s, never by time; memory
# small and constant on a 21 MB message.
. "$(dirname "$0")/lib.sh"

make -C "$TOP" -s reformime > /dev/null 2>&1 || { bad "make reformime"; finish; exit 1; }
R=$TOP/reformime
G="perl $TOP/tests/reformime-gen"
W=$QSQ_TMP/reformime-limits
rm -rf "$W" && mkdir -p "$W" || exit 1

# run NAME KIND ARGS...: the generated message through reformime -s in a
# fresh folder; sets rc, and the stats line's numbers as st_in, st_work ...
run() {
  _n=$1; shift
  rm -rf "$W/$_n" && mkdir -p "$W/$_n" || return 1
  $G "$@" > "$W/$_n.eml" || return 1
  (cd "$W/$_n" && exec "$R" -s < "$W/$_n.eml") 2> "$W/$_n.err"
  rc=$?
  _s=$(grep '^reformime: stats:' "$W/$_n.err")
  for _k in in header lines parts files out work depth active rss; do
    eval "st_$_k=\$(printf '%s\n' \"\$_s\" | sed -n 's/.* $_k \([0-9]*\).*/\1/p')"
  done
  rm -rf "$W/$_n"
}
fatal() { grep -q "^reformime: fatal: $1" "$W/$2.err"; }
# below NAME DESC / above NAME DESC MESSAGE: the expected outcomes
below() { expect_eq "$2: just below the limit passes" "$rc" "0"; }
above() {
  expect_eq "$2: just above the limit: exit 31" "$rc" "31"
  check "$2: just above: reformime: fatal: $3" fatal "$3" "$1"
}

run depth64 deep 64; below depth64 "nesting"
expect_eq "nesting: the deepest part is at depth 64" "$st_depth" "64"
run depth65 deep 65; above depth65 "nesting" "MIME nesting deeper than 64 (MIME_MAXDEPTH)"

run parts99999 parts 99999; below parts99999 "parts"
expect_eq "parts: 100000 entities counted" "$st_parts" "100000"
run parts100000 parts 100000; above parts100000 "parts" "more than 100000 parts (MIME_MAXPARTS)"

run active512 active 1 8; below active512 "parts open at once"
expect_eq "parts open at once: 512" "$st_active" "512"
run active513 active 2 8; above active513 "parts open at once" "more than 512 parts open at once (MIME_MAXACTIVE)"

run open128 open 7bit 7; below open128 "files open at once"
expect_eq "files open at once: 128 files written" "$st_files" "128"
run open129 open quoted-printable 7; above open129 "files open at once" "more than 128 output files open at once (MIME_MAXOPEN)"

run bounds16 bounds 16; below bounds16 "candidate boundaries"
run bounds17 bounds 17; above bounds17 "candidate boundaries" "more than 16 candidate boundaries in one part (MIME_MAXBOUND)"

run field262144 field 262144; below field262144 "Content-Type field length"
run field262145 field 262145; above field262145 "Content-Type field length" "a Content-Type or Content-Transfer-Encoding field longer than 262144 bytes (MIME_FIELDMAX)"

run bound2000 bound 2000; below bound2000 "boundary length"
expect_eq "boundary length 2000: both parts split" "$st_files" "2"
run bound2001 bound 2001; above bound2001 "boundary length" "a boundary longer than 2000 bytes (MIME_BOUNDMAX)"

# bytes written <= 16 x bytes read + 4 MiB: 64 interpretations of one leaf
# of N bytes write 64 N; find N at the edge from a small run's counts
run bytes100 bytes 6 100
expect_eq "bytes written: 64 interpretations of 100 bytes" "$st_out" "6400"
h=$((st_in - 100))
n=$(( (16 * h + 4194304) / 48 ))
run bytesbelow bytes 6 $n; below bytesbelow "bytes written"
expect_eq "bytes written just below: 16 x in + 4 MiB - out" "$(( 16 * st_in + 4194304 - st_out >= 0 && 16 * st_in + 4194304 - st_out < 48 ))" "1"
run bytesabove bytes 6 $((n + 1)); above bytesabove "bytes written" "output larger than 16 times the input plus 4194304 bytes (MIME_OUTK, MIME_OUTC)"

# ------------------------------------------------------- linear work

# ratio A B: 100 * A / B
ratio() { echo $(( 100 * $1 / $2 )); }
within() { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }

run p10k parts 10000; w1=$st_work; i1=$st_in
expect_eq "10,000 parts: all seen" "$st_parts" "10001"
run p20k parts 20000; w2=$st_work
check "10,000 parts: work at most 4 x input ($w1 for $i1 bytes)" test "$w1" -le $((4 * i1))
check "parts: doubling them doubles the work ($(ratio "$w2" "$w1")%)" within "$(ratio "$w2" "$w1")" 190 210

run h1m hdrline 1048576; w1=$st_work; i1=$st_in
expect_eq "1 MB header line: parts still split" "$rc:$st_files" "0:2"
check "1 MB header line: header bytes parsed about once ($st_header)" within "$st_header" 1048576 1049000
run h2m hdrline 2097152; w2=$st_work
check "1 MB header line: work at most 2 x input ($w1 for $i1 bytes)" test "$w1" -le $((2 * i1))
check "header line: doubling it doubles the work ($(ratio "$w2" "$w1")%)" within "$(ratio "$w2" "$w1")" 190 210

# (20,000 sections would not fit in MIME_FIELDMAX: compare with 5,000)
run s5k segs 5000; w1=$st_work
run s10k segs 10000; w2=$st_work; i2=$st_in
expect_eq "10,000 RFC 2231 sections: the boundary they make splits" "$rc:$st_files" "0:2"
check "10,000 RFC 2231 sections: work at most 30 x input ($w2 for $i2 bytes)" test "$w2" -le $((30 * i2))
check "RFC 2231 sections: doubling them about doubles the work ($(ratio "$w2" "$w1")%)" within "$(ratio "$w2" "$w1")" 190 225

run d64 deep 64; w1=$st_work; i1=$st_in
run d32 deep 32; w2=$st_work; i2=$st_in
check "maximum nesting: work at most 10 x input ($w1 for $i1 bytes)" test "$w1" -le $((10 * i1))
check "nesting 32: work at most 10 x input ($w2 for $i2 bytes)" test "$w2" -le $((10 * i2))

# ------------------------------------------------------- streaming memory

# peak memory as reformime -s reports it (getrusage), no other tool needed
run big big 15
expect_eq "21 MB message: exit 0, two files" "$rc:$st_files" "0:2"
expect_eq "21 MB message: 15 MiB (15,732,000 bytes) decoded plus the 19-byte text part" "$st_out" "$((15732000 + 19))"
if grep -q __asan_init "$R"; then
  echo "# 21 MB message: peak memory not measured in a sanitizer build (${st_rss} KB)"
else
  check "21 MB message: peak memory at most 2 MB (${st_rss} KB)" test "$st_rss" -le 2048
fi
rm -f "$W/big.eml"

finish
