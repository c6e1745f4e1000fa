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
  for _k in in header lines parts files out work depth active steps mem rss; do
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

# delimiters found in the body (issue 17, item 9): no count limit of
# their own; each is one more reading of the rest of the body, and those
# open at once are bounded by MIME_MAXOPEN like any other reading
xdelims() {
  perl -e 'print "Content-Type: multipart/mixed; boundary=d\n\n--d\n\nx\n";
    for my $i (1 .. $ARGV[0]) { print "--x$i\nContent-Note: $i\n\nnote $i\n" }' "$1"
}
xrun() {
  rm -rf "$W/$1" && mkdir -p "$W/$1" || return 1
  (cd "$W/$1" && exec "$R" -s) < "$W/$1.eml" 2> "$W/$1.err"
  rc=$?
  st_files=$(sed -n 's/^reformime: stats:.* files \([0-9]*\).*/\1/p' "$W/$1.err")
  rm -rf "$W/$1"
}
# the review's 571-byte note: 17 lines --xN, each followed by Content-Note: N
perl -e 'print "From: a\@example.com\nTo: b\@example.com\nSubject: notes\n\n";
  for my $i (1 .. 17) { print "--x$i\nContent-Note: $i\n\nnote $i\n" }' > "$W/note.eml"
expect_eq "the note is 571 bytes" "$(wc -c < "$W/note.eml" | tr -d ' ')" 571
{ printf 'Subject: Fwd: notes\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="fw"\n\n--fw\nContent-Type: text/plain\n\nforwarded\n--fw\nContent-Type: message/rfc822\n\n'
  cat "$W/note.eml"; printf -- '--fw--\n'; } > "$W/note-fwd.eml"
{ printf 'Subject: digest\nMIME-Version: 1.0\nContent-Type: multipart/digest; boundary="dg"\n\n--dg\n\n'
  cat "$W/note.eml"; printf -- '--dg\n\nSubject: other\n\nhello\n--dg--\n'; } > "$W/note-digest.eml"
xrun note-fwd; below note-fwd "the note forwarded as message/rfc822 (17 delimiters found)"
xrun note-digest; below note-digest "the note in a multipart/digest (17 delimiters found)"
xdelims 126 > "$W/xdelims126.eml"; xrun xdelims126; below xdelims126 "delimiters found in the body, 126 open at once"
expect_eq "delimiters found: 126 splits, each part a file (and the first part)" "$st_files" "127"
xdelims 128 > "$W/xdelims128.eml"; xrun xdelims128
above xdelims128 "delimiters found in the body, 128 open at once" "more than 128 output files open at once (MIME_MAXOPEN)"

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

# ------------------------------------------------------- budgets

# files <= bytes read / 256 + 4096: parts of one byte after 7-byte
# delimiters, the whole message read at once (under 64 KB)
run files1 files 1; h=$((st_in - 7))
n=4096
while [ $((n + 1)) -le $(( (h + 7 * (n + 1)) / 256 + 4096 )) ]; do n=$((n + 1)); done
run filesbelow files $n; below filesbelow "files"
expect_eq "files just below: as many as bytes read / 256 + 4096" "$st_files" "$((st_in / 256 + 4096))"
run filesabove files $((n + 1)); above filesabove "files" "more than one file per 256 bytes read plus 4096 files (MIME_FILEK, MIME_FILEC)"

# edge KIND BUDGET K C ARGS...: the N where the count named BUDGET (steps
# or work) of "KIND N ARGS" is at most K x bytes read + C, and N + 1 is
# not; the count and the input are linear in N, found from N = 10 and 20
edge() {
  _ek=$1 _eb=$2 _eK=$3 _eC=$4; shift 4
  run edge10 "$_ek" 10 "$@"; eval "_v1=\$st_$_eb"; _i1=$st_in
  run edge20 "$_ek" 20 "$@"; eval "_v2=\$st_$_eb"; _i2=$st_in
  _dv=$(( (_v2 - _v1) / 10 )) _di=$(( (_i2 - _i1) / 10 ))
  echo $(( (_eK * (_i1 - 10 * _di) + _eC - (_v1 - 10 * _dv)) / (_dv - _eK * _di) ))
}

# entity-line steps <= 8 x bytes read + 2,000,000: 16 x 14 x 2 readings in
# their header, each reading every 3-byte line of a field
n=$(edge fan steps 8 2000000 3 X 16 14:quoted-printable,7bit)
run stepsbelow fan $n 3 X 16 14:quoted-printable,7bit; below stepsbelow "entity-line steps"
check "entity-line steps just below: $st_steps <= 8 x $st_in + 2000000" test "$st_steps" -le $((8 * st_in + 2000000))
check "entity-line steps just below: over 2,000,000 ($st_steps)" test "$st_steps" -gt 2000000
run stepsabove fan $((n + 1)) 3 X 16 14:quoted-printable,7bit
above stepsabove "entity-line steps" "more than 8 entity-line steps per byte read plus 2000000 (MIME_STEPK, MIME_STEPC)"

# bytes examined <= 64 x bytes read + 16,000,000: the same readings, on
# lines of 200 bytes
n=$(edge fan work 64 16000000 200 X 16 14:quoted-printable,7bit)
run workbelow fan $n 200 X 16 14:quoted-printable,7bit; below workbelow "bytes examined"
check "bytes examined just below: $st_work <= 64 x $st_in + 16000000" test "$st_work" -le $((64 * st_in + 16000000))
run workabove fan $((n + 1)) 200 X 16 14:quoted-printable,7bit
above workabove "bytes examined" "more than 64 bytes examined per byte read plus 16000000 (MIME_WORKK, MIME_WORKC)"

# entity state <= 16 MiB: 64 readings in their header, each keeping a
# Content-Type field that grows; the largest N that passes, by bisection
lo=1 hi=40000
while [ $((hi - lo)) -gt 1 ]; do
  mid=$(( (lo + hi) / 2 ))
  run mem fan $mid 17 Content-Type 16 4
  if [ "$rc" = 0 ]; then lo=$mid; else hi=$mid; fi
done
run membelow fan $lo 17 Content-Type 16 4; below membelow "entity state"
check "entity state just below: $st_mem bytes, at most 16 MiB" test "$st_mem" -le 16777216
check "entity state just below: more than 14 MiB" test "$st_mem" -gt 14680064
run memabove fan $hi 17 Content-Type 16 4
above memabove "entity state" "parser state larger than 16777216 bytes (MIME_MEMMAX)"

# ------------------------------------------------------- worst messages

# The two messages of issue 13 and the worst ones within the budgets,
# through this reformime and, where git has it, the one from before the
# budgets (QSQ_BEFORE): files, blocks (du) and peak memory are asserted for
# this one; CPU time (bench/rtime) is only printed, never asserted.
make -C "$TOP" -s bench/rtime > "$W/rtime.log" 2>&1 || bad "bench/rtime builds"
B=$W/before
before=${QSQ_BEFORE:-95b8b62}
if mkdir -p "$B" && git -C "$TOP" archive --format=tar "$before" 2>/dev/null | tar -xf - -C "$B" 2>/dev/null &&
   make -C "$B" -s reformime > "$B.log" 2>&1; then
  RB=$B/reformime
else
  RB=
  echo "# the reformime of $before could not be built here: no figures from before"
fi

# cost BIN NAME LABEL: the message $W/NAME.eml through BIN in a fresh folder;
# sets c_rc, c_in, c_files, c_kb (blocks in KB), c_cpu (ms), c_rss (KB)
cost() {
  rm -rf "$W/out" && mkdir "$W/out" || return 1
  _r=$("$TOP/bench/rtime" "$W/out" "$W/$2.eml" "$1")
  c_rc=$?
  c_in=$(wc -c < "$W/$2.eml" | tr -d ' ')
  c_files=$(ls "$W/out" | wc -l | tr -d ' ')
  c_kb=$(du -sk "$W/out" | cut -f1)
  c_cpu=$(( $(echo "$_r" | cut -d' ' -f2) / 1000 ))
  c_rss=$(echo "$_r" | cut -d' ' -f3)
  echo "# $2, $3: exit $c_rc, $c_in bytes in: $c_files files, $c_kb KB of blocks, $c_cpu ms CPU, $c_rss KB peak; per input MB: $((c_files * 1048576 / c_in)) files, $((c_kb * 1024 / c_in)) MB of blocks, $((c_cpu * 1048576 / c_in)) ms CPU"
  rm -rf "$W/out"
}
# fits: files and blocks within the budgets for c_in bytes (blocks: the
# bytes budget, and a 4 KiB block at most for each file, plus the folder)
fits() {
  [ "$c_files" -le $((c_in / 256 + 4096)) ] &&
  [ "$c_kb" -le $(( (16 * c_in + 4194304 + 4096 * c_files) / 1024 + 4 + c_files / 64 )) ]
}
# worst NAME DESC: before (printed) and after (asserted: fits, peak memory)
worst() {
  [ -z "$RB" ] || cost "$RB" "$1" "before ($before)"
  cost "$R" "$1" after
  check "$2: files ($c_files) and blocks ($c_kb KB) within the budgets for $c_in bytes" fits
  case "${QSQ_CC:-}" in
    *-fsanitize*) ok "$2: peak memory not asserted under the sanitizers (their shadow and quarantine, $c_rss KB)" ;;
    *) check "$2: peak memory at most 20 MB ($c_rss KB)" test "$c_rss" -le 20480 ;;
  esac
}

$G flood 6700 > "$W/flood.eml"
worst flood "issue 13's 174 KB of 26-byte parts after 16 boundaries"
expect_eq "issue 13's 174 KB of parts: refused, files budget" "$c_rc:$(cd "$W" && mkdir -p x && cd x && "$R" < ../flood.eml 2>&1 | sed 's/.*(//'; cd .. && rm -rf x)" "31:MIME_FILEK, MIME_FILEC)"
$G fan 80000 3 Content-Type 16 14:quoted-printable,7bit > "$W/fan.eml"
worst fan "issue 13's 240 KB of a field read by 465 entities"
expect_eq "issue 13's 240 KB field: refused, steps budget" "$c_rc:$("$R" -l < "$W/fan.eml" 2>&1 >/dev/null | sed 's/.*(//')" "31:MIME_STEPK, MIME_STEPC)"
# within the budgets: the most files for 1 MB (parts after a preamble);
# the most steps (64 readings of lines of 17 bytes); the most entity state
$G files 8100 1000000 > "$W/wfiles.eml"
worst wfiles "the most files a 1 MB message gets"
expect_eq "the most files a 1 MB message gets: 8101, passed" "$c_rc:$c_files" "0:8101"
$G fan 60000 17 X 16 4 > "$W/wsteps.eml"
worst wsteps "the most steps a 1 MB message gets"
expect_eq "the most steps a 1 MB message gets: passed" "$c_rc" "0"
$G fan "$lo" 17 Content-Type 16 4 > "$W/wmem.eml"
worst wmem "the most entity state"
expect_eq "the most entity state: passed" "$c_rc" "0"
rm -f "$W"/*.eml

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
