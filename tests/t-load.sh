#!/bin/sh
# tests/t-load.sh: load (issue #7, part 2). 10,000 messages (1,000 under
# make sanitize, or QSQ_LOAD messages), a mix of clean and infected, small
# and large, from 16 parallel callers through the real qscanq and a private
# clamd (clamdscan --fdpass), with cleanq under the real svscan/supervise,
# woken by run-cleanq after every message. Every clean message is queued
# exactly once, every infected one refused, the spool is empty at the end,
# and cleanq has as many open files and (outside the sanitizer build) as
# much memory after the run as before it. Then leak checks on samples of
# each program that can run unprivileged: reformime, qscanq-stdin (as the
# caller, in a prepared work folder) and cleanq, under valgrind, or under
# LeakSanitizer in the sanitizer build (valgrind cannot run those).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

sanitized=no
case "${QSQ_CC:-}" in *-fsanitize*) sanitized=yes ;; esac
N=${QSQ_LOAD:-10000}
[ $sanitized = yes ] && [ -z "${QSQ_LOAD:-}" ] && N=1000
CALLERS=16
echo "# $N messages from $CALLERS callers$( [ $sanitized = yes ] && echo ' (cut from 10,000: sanitizer build)')"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
CD=$QSQ_TMP/clamd-load
mkdir -p "$CD"
check "private clamd started" clamd_start "$CD" "$DB"
sandbox load "/usr/bin/clamdscan --config-file=$CD/clamd.conf --fdpass --infected --no-summary /proc/self/cwd/." 30 ||
  { bad "sandbox load"; clamd_stop "$CD"; finish; exit 1; }
. "$TOP/tests/svscan.sh"
trap 'svc_stop > /dev/null 2>&1; clamd_stop "$CD"' EXIT
Q=$S/queue
W=$S/load
rm -rf "$Q" "$W" && mkdir -p "$Q" "$W/m" && chmod 777 "$Q" && chmod 755 "$W" "$W/m" || exit 1

# ---- the messages: one perl run writes them all. Names tell the kind:
# c (clean, small), C (clean, 150-KB attachment), v (infected, the test
# marker in the body), b (infected, EICAR in a base64 attachment), V
# (infected, EICAR at the end of a 150-KB base64 attachment).
eicar=$(sh "$TOP/tests/eicar" | od -An -v -tx1 | tr -d ' \n')
perl -MMIME::Base64 -e '
  my ($dir, $n, $eicarhex, $m1, $m2) = @ARGV;
  my $eicar = pack("H*", $eicarhex);
  my $rand = join("", map { chr(int(rand(256))) } 1 .. 150000);
  my $bigclean = encode_base64($rand);
  my $bigvirus = encode_base64($rand . $eicar);
  my $smallvirus = encode_base64($eicar);
  sub attach { my ($h, $b64) = @_; return $h . "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain\n\nsee attached\n--b1\nContent-Type: application/octet-stream; name=\"f.bin\"\nContent-Transfer-Encoding: base64\n\n$b64--b1--\n"; }
  for my $i (0 .. $n - 1) {
    my $k = $i % 20;
    my ($name, $subj, $body);
    if ($k <= 2) { $name = "v$i"; $subj = "virus" }
    elsif ($k == 3) { $name = "b$i"; $subj = "virus" }
    elsif ($k == 4) { $name = "C$i"; $subj = "clean" }
    elsif ($k == 5) { $name = "V$i"; $subj = "virus" }
    else { $name = "c$i"; $subj = "clean" }
    my $h = "From: load\@example.com\nTo: rcpt\@example.com\nSubject: $subj $i\nMessage-Id: <load.$i\@test>\n";
    if ($name =~ /^v/) { $body = "$h\nhello $i\n" . $m1 . $m2 . "\nbye\n" }
    elsif ($name =~ /^b/) { $body = attach($h, $smallvirus) }
    elsif ($name =~ /^C/) { $body = attach($h, $bigclean) }
    elsif ($name =~ /^V/) { $body = attach($h, $bigvirus) }
    else { $body = "$h\nclean message $i\n" . ("line of text\n" x ($i % 50)) }
    open(my $f, ">", "$dir/$name") or die "$dir/$name: $!";
    print $f $body;
    close($f) or die;
    chmod(0644, "$dir/$name");
  }' "$W/m" "$N" "$eicar" 'QSCANQ-TEST-' 'MARKER-7f3a9c' 2>&1 || bad "making the messages"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$W/env" && chmod 644 "$W/env"
[ "$(ls "$W/m" | wc -l)" = "$N" ] || { bad "$N messages made"; finish; exit 1; }
ok "$N messages made"
nclean=$(ls "$W/m" | grep -c '^[cC]')
nvirus=$(ls "$W/m" | grep -c '^[vbV]')
nbig=$(ls "$W/m" | grep -c '^[CV]')
echo "# $nclean clean, $nvirus infected, $nbig of them large (150 KB)"
ls "$W/m" | awk -v n=$CALLERS -v w="$W" '{ i = substr($0, 2); print > (w "/list." (i % n)) }'

# ---- cleanq under supervise, and what it holds before the run
check "cleanq starts under svscan/supervise" svc_start
cpid=$(svc_pid)
fds() { ls "/proc/$cpid/fd" | wc -l; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$cpid/status"; }
fd0=$(fds)
rss0=$(rss)

# ---- the load: each caller runs its share in one loop, as qsqa or qsqb
t0=$(date +%s)
pids=
c=0
while [ $c -lt $CALLERS ]; do
  u=qsqa; [ $((c % 2)) = 1 ] && u=qsqb
  setpriv --reuid=$u --regid=$u --clear-groups env STANDIN_QUEUE="$Q" sh -c '
    while read -r f; do
      echo "$f"
      "$1" "$2" "$2/bin/qscanq" "$3/m/$f" "$3/env" || :
    done' sh "$S/src/tests/fake/qmail-smtpd" "$H" "$W" < "$W/list.$c" > "$W/out.$c" 2> "$W/log.$c" &
  pids="$pids $!"
  c=$((c + 1))
done
wait $pids
t1=$(date +%s)
secs=$((t1 - t0))
[ $secs -gt 0 ] || secs=1

# name, reply, exit line: one triple per message
cat "$W"/out.* | awk 'NR % 3 == 1 { n = $0 } NR % 3 == 2 { print n " " $0 }' > "$W/replies"
expect_eq "$N replies" "$(wc -l < "$W/replies")" "$N"
expect_eq "every clean message accepted" "$(grep -c '^[cC][0-9]* 250 ok$' "$W/replies")" "$nclean"
expect_eq "every infected message refused for good" \
  "$(grep -c '^[vbV][0-9]* 554 mail server permanently rejected message (#5.3.0)$' "$W/replies")" "$nvirus"
grep -v -e '^[cC][0-9]* 250 ok$' -e '^[vbV][0-9]* 554 mail server permanently rejected message (#5.3.0)$' "$W/replies" | head -n 5
expect_eq "$nclean messages queued" "$(ls "$Q" | grep -c '\.info$')" "$nclean"
find "$Q" -name '*.msg' -exec grep -h '^Message-Id:' {} + | sort > "$W/queued-ids"
ls "$W/m" | grep '^[cC]' | sed 's/^.\(.*\)/Message-Id: <load.\1@test>/' | sort > "$W/clean-ids"
expect_eq "each clean message queued exactly once (no duplicate)" "$(uniq -d "$W/queued-ids" | wc -l)" 0
check "the queued messages are exactly the clean ones" cmp -s "$W/queued-ids" "$W/clean-ids"
expect_eq "no infected message queued" "$(find "$Q" -name '*.msg' -exec grep -l '^Subject: virus' {} + | wc -l)" 0
# every large clean message against its queued copy, found by Message-Id
find "$Q" -name '*.msg' -exec grep -H '^Message-Id:' {} + | sed 's/:Message-Id: / /' > "$W/qmap"
ls "$W/m" | grep '^C' | awk -v w="$W" 'NR == FNR { q[$2] = $1; next }
  { i = substr($0, 2); id = "<load." i "@test>"; print w "/m/" $0, (id in q ? q[id] : "none") }' "$W/qmap" - > "$W/bigpairs"
bigbad=0
while read -r f q; do cmp -s "$f" "$q" || bigbad=$((bigbad + 1)); done < "$W/bigpairs"
expect_eq "every large clean message queued byte for byte ($(wc -l < "$W/bigpairs") compared)" "$bigbad" 0
expect_eq "one log line says why for every infected message" "$(cat "$W"/log.* | grep -c ': refused (31): virus found$')" "$nvirus"
expect_eq "no qscanq-stdin crashed" "$(cat "$W"/log.* | grep -c 'crashed')" 0

t1=$(date +%s)
check "the spool is empty in the end" spool_empty 120
t2=$(date +%s)
fd1=$(fds)
rss1=$(rss)
expect_eq "cleanq is the same process (never crashed)" "$(svc_pid)" "$cpid"
expect_eq "cleanq's open files before and after ($fd0)" "$fd1" "$fd0"
if [ $sanitized = yes ]; then
  ok "cleanq's memory: ${rss0} KB before, ${rss1} KB after (not compared: ASan's quarantine grows)"
else
  check "cleanq's memory does not grow: ${rss0} KB before, ${rss1} KB after" test "$rss1" -le $((rss0 + 512))
fi
deleted=$(cleanqlog | grep -c ': done$')
check "cleanq deleted the folders as they were done ($deleted logged)" test "$deleted" -ge "$N"
expect_eq "no warning in cleanq's log" "$(cleanqlog | grep -c 'warning:')" 0
ok "measured: $N messages in $secs s ($((N / secs)) per second) from $CALLERS callers; spool empty $((t2 - t1)) s after the checks (cleanq's grace is 10 s); cleanq $fd0/$fd1 fds, $rss0/$rss1 KB RSS before/after"

# ---- leak checks on samples
L=$S/leak
rm -rf "$L" && mkdir -p "$L" && chmod 755 "$L"
samples="c6 C4 v0 b3 V5 c$((N - 1))"
[ -e "$W/m/c$((N - 1))" ] || samples="c6 C4 v0 b3 V5"
# leakrun OUT USER PROG ARGS...: PROG as USER (setuidgid), checked
chmod 1777 "$L"
if [ $sanitized = yes ]; then
  # the programs are ASan builds: LeakSanitizer runs at their exit
  leakrun() { _out=$1 _u=$2; shift 2; setuidgid "$_u" env ASAN_OPTIONS=detect_leaks=1:exitcode=81 "$@" 2> "$_out"; }
  leakok() { ! grep -q -e 'Sanitizer' -e 'runtime error' "$1"; }
  how=LeakSanitizer
else
  command -v valgrind > /dev/null || { bad "valgrind is not installed (tools/deps)"; finish; exit 1; }
  leakrun() { _out=$1 _u=$2; shift 2; setuidgid "$_u" valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$_out.vg" "$@" 2> "$_out"; }
  leakok() { [ ! -s "$1.vg" ]; }
  how=valgrind
fi

# reformime, as the caller, in a folder of its own
rbad=0
for m in $samples; do
  d=$L/reformime.$m
  mkdir -p "$d" && chown qsqa "$d"
  (cd "$d" && leakrun "$L/reformime.$m.err" qsqa "$H/bin/reformime" < "$W/m/$m")
  rc=$?
  if [ $rc -ne 0 ] || ! leakok "$L/reformime.$m.err"; then
    rbad=$((rbad + 1)); echo "  reformime $m: exit $rc"; cat "$L/reformime.$m.err" "$L/reformime.$m.err.vg" 2>/dev/null | head -20
  fi
done
expect_eq "reformime under $how: no error and no leak ($samples)" "$rbad" 0

# qscanq-stdin, as the caller, in a work folder prepared as qscanq makes it
# (the exec of the stand-in queue ends the check for clean mail: no leak
# can outlive an exec, so what counts there is that nothing was reported)
# valgrind reads the program it runs, and the installed one is
# execute-only: it runs the build's copy, the same file
sbad=0
for m in $samples; do
  d=$L/@stdin.$m
  mkdir -p "$d/work" && chmod 700 "$d" && chmod 777 "$d/work" && chown qsqd "$d"
  rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
  (cd "$d/work" && export STANDIN_QUEUE="$Q" && leakrun "$L/stdin.$m.err" qsqa \
    "$S/src/qscanq-stdin" "@stdin.$m" < "$W/m/$m" 1< "$W/env")
  rc=$?
  want=0; case $m in [vbV]*) want=31 ;; esac
  if [ $rc -ne $want ] || ! leakok "$L/stdin.$m.err"; then
    sbad=$((sbad + 1)); echo "  qscanq-stdin $m: exit $rc, want $want"; cat "$L/stdin.$m.err" "$L/stdin.$m.err.vg" 2>/dev/null | head -20
  fi
  [ "$(ls -A "$d/work")" = "" ] || { sbad=$((sbad + 1)); echo "  qscanq-stdin $m: left $(ls -A "$d/work")"; }
done
expect_eq "qscanq-stdin under $how: right exit, no error, no leak, work/ left empty ($samples)" "$sbad" 0

# cleanq, as the qscanq user, on 300 planted folders (done, abandoned,
# nested, with files), stopped with SIGTERM once the spool is empty
svc_stop > /dev/null 2>&1
mkid() { printf '@%016x%08x.%x.%d' $((0x400000000000000a + $(date +%s) - $1)) 0 $$ "$2"; }
i=0
while [ $i -lt 300 ]; do
  id=$(mkid 1000 $i)
  mkdir -p "$SP/$id/work/parts/a/b/c" && echo m > "$SP/$id/work/msg" && : > "$SP/$id/work/parts/a/b/c/1"
  [ $((i % 3)) = 0 ] && chmod 1700 "$SP/$id" || chmod 700 "$SP/$id"
  i=$((i + 1))
done
chown -R qsqd:qsqd "$SP"
leakrun "$L/cleanq.err" qsqd "$H/bin/cleanq" > "$L/cleanq.out" &
lpid=$!
check "cleanq under $how empties a spool of 300 folders" waituntil 120 sh -c "[ \$(find '$SP' -mindepth 1 -maxdepth 1 | wc -l) = 0 ]"
# leakrun's subshell runs setuidgid, which becomes valgrind (or env) and
# then cleanq, in one process: its child
cq=$(pgrep -P "$lpid" | head -n 1)
[ -n "$cq" ] || cq=$lpid
kill -TERM "$cq"
wait "$lpid"
rc=$?
expect_eq "cleanq under $how: exit 0 on SIGTERM" "$rc" 0
if leakok "$L/cleanq.err"; then ok "cleanq under $how: no error and no leak"
else bad "cleanq under $how: a report"; head -30 "$L/cleanq.err" "$L/cleanq.err.vg" 2>/dev/null; fi
expect_eq "cleanq logged the 300 deletions" "$(grep -c '^deleted @' "$L/cleanq.out")" 300

finish
