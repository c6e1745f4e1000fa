#!/bin/sh
# tests/t-log.sh (issue 18, item 11): the log. A refused message's summary
# line carries its envelope (sender, the first recipients and their count)
# and its Message-ID, read only once it is refused; a hostile envelope
# (control characters, 100,000 recipients, no final NUL) is logged bounded
# and sanitised and changes no exit code; a clean message's envelope is
# never read (the stand-in qmail-queue gets it whole); a bounce that
# install-wrap's policy drops is found from qmail-send's "bounce msg N qp
# P" line; the record, cleanq's log (real svscan, supervise, multilog),
# holds the same line and keeps about 1,000,000 messages' lines. Real
# clamd with tests/mkdb's database; qmail's side is tests/fake.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
C=$QSQ_TMP/log-clamd
mkdir -p "$C" && chmod 755 "$C" || exit 1
check "a real clamd starts" clamd_start "$C" "$DB"
# qsqb stands for qmails, qmail-send's user (conf-users line 3)
QSQ_QMAIL=notqmail QSQ_SENDUSER=qsqb sandbox log "clamd $C/clamd.sock" 30 || { bad "sandbox log"; clamd_stop "$C"; finish; exit 1; }
. "$TOP/tests/svscan.sh"

M=$QSQ_TMP/log-msgs
O=$QSQ_TMP/log-out
Q=$O/queue
rm -rf "$M" "$O" && mkdir -p "$M" "$O" "$Q" && chmod 755 "$M" && chmod 1777 "$O" && chmod 777 "$Q" || exit 1
SMTPD=$S/src/tests/fake/qmail-smtpd
MARK="QSCANQ-TEST-""MARKER-7f3a9c"
printf 'Message-ID: <clean-1@example.com>\nSubject: hi\n\nhello\n' > "$M/clean"
printf 'Received: from x\nSubject: v\nmessage-id:\n  <virus-1@example.com> (folded)\n\n%s\n' "$MARK" > "$M/virus"
printf 'Subject: no id\n\n%s\n' "$MARK" > "$M/noid"
printf 'Fsender@example.com\0Ta@example.net\0Tb@example.net\0\0' > "$M/env"
# hostile: control characters, spaces and brackets in the sender, a
# recipient of 2000 bytes, then 100,000 recipients; and one with no final NUL
{ printf 'Fev\033[2J\r\n250 ok <x>,il@x\0T'; head -c 2000 /dev/zero | tr '\0' r; printf '\0'
  i=0; while [ $i -lt 1000 ]; do printf 'Tr%d@example.org\0' $i; i=$((i + 1)); done > "$M/k"
  j=0; while [ $j -lt 100 ]; do cat "$M/k"; j=$((j + 1)); done; printf '\0'; } > "$M/envhostile"
printf 'Fs@example.com\0Tr@example.net' > "$M/envnonul"
chmod 644 "$M"/*

asuser() { _u=$1; shift; setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"; }
# deliver MSG ENV [USER [PROG]]: REPLY, CODE, the log on fd 2 in $O/log
deliver() {
  _out=$(asuser "${3:-qsqa}" env STANDIN_QUEUE="$Q" STANDIN_PIDS="$O/pids" TCPREMOTEIP=192.0.2.9 "$SMTPD" "$H" "${4:-$H/bin/qscanq}" "$M/$1" "$M/$2" 2> "$O/log")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
  grep ' summary: ' "$O/log" > "$O/sum"
}
summary() { cat "$O/sum"; }
sumgrep() { grep "$@" "$O/sum"; }
queued() { ls "$Q" | grep -c '\.info$'; }

check "cleanq starts under svscan, supervise and multilog" svc_start

# ==== a refused message: the envelope and the Message-ID in the line
deliver virus env
REF=$(summary)
echo "# $REF"
expect_eq "a virus: 554, exit 82" "${REPLY%%;*}/$CODE" "554 virus found: Qscanq.Test.Marker.UNOFFICIAL/exit 82"
check "... its summary has the sender, both recipients, their count and the Message-ID" \
  sh -c "printf '%s\n' \"\$1\" | grep -qE ' summary: refused 82 .* scanner $C/clamd\.sock( db [0-9./]+)? from <sender@example\.com> rcpts 2 to <a@example\.net>,<b@example\.net> msgid <virus-1@example\.com>: virus found: Qscanq\.Test\.Marker\.UNOFFICIAL\$'" - "$REF"
deliver noid env
check "a message without a Message-ID: msgid -" sumgrep -q ' rcpts 2 to <a@example.net>,<b@example.net> msgid -: virus found: '

# ==== a clean message: its envelope is qmail-queue's, unread
n=$(queued)
deliver clean env
expect_eq "clean: 250, queued" "$REPLY/$(queued)" "250 ok/$((n + 1))"
e=$(ls -t "$Q"/*.env | head -n 1)
check "... the stand-in qmail-queue got the envelope whole, byte for byte" cmp -s "$e" "$M/env"
check "... its summary names no envelope" sh -c "grep -q ' summary: queued 0 ' '$O/sum' && ! grep -q ' from <' '$O/sum'"

# ==== a hostile envelope: bounded, sanitised, the same exit code
deliver virus envhostile
H1=$(summary)
expect_eq "a hostile envelope (control characters, 100,000 recipients): still 554, exit 82" "${REPLY%%;*}/$CODE" "554 virus found: Qscanq.Test.Marker.UNOFFICIAL/exit 82"
check "... one summary line, printable, at most 2048 bytes ($(printf '%s' "$H1" | wc -c))" \
  sh -c "[ \$(wc -l < '$O/sum') = 1 ] && [ \$(wc -c < '$O/sum') -le 2048 ] && ! LC_ALL=C grep -q '[^ -~]' '$O/sum'"
check "... the sender's control characters, spaces and brackets are '?'" sumgrep -qF ' from <ev?[2J??250?ok??x??il@x> rcpts '
check "... the recipients counted up to the cap (a +: cut), the first three named, each cut at 100 bytes" \
  sumgrep -qE ' rcpts [0-9]+\+ to <r{100}\.\.\.>,<r0@example\.org>,<r1@example\.org>,\.\.\. msgid <virus-1@example\.com>: virus found: '
nr=$(summary | sed -n 's/.* rcpts \([0-9]*\)+ .*/\1/p')
check "... at most 10,000 of the 100,001 recipients read ($nr)" test "${nr:-0}" -gt 0 -a "${nr:-0}" -le 10001
deliver virus envnonul
expect_eq "an envelope with no final NUL: still 554, exit 82" "${REPLY%%;*}/$CODE" "554 virus found: Qscanq.Test.Marker.UNOFFICIAL/exit 82"
check "... logged as cut: rcpts 1+" sumgrep -qF ' from <s@example.com> rcpts 1+ to <r@example.net> msgid '
deliver clean envnonul
expect_eq "the same envelope with a clean message: qmail-queue's own 54, untouched" "$CODE" "exit 54"

# a caller that holds the envelope pipe open and sends nothing: the wait
# for it is bounded (2 s), and the code is the refusal's
rm -f "$O/held.log"
out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups /usr/bin/python3 -c '
import os, subprocess, sys, time
r, w = os.pipe()
t = time.time()
p = subprocess.Popen([sys.argv[1]], stdin=open(sys.argv[2]), stdout=r, stderr=open(sys.argv[4], "w"), env={"STANDIN_QUEUE": sys.argv[3]})
os.close(r)
c = p.wait()
print(c, int(time.time() - t))
os.close(w)
' "$H/bin/qscanq" "$M/virus" "$Q" "$O/held.log")
grep ' summary: ' "$O/held.log" > "$O/sum"
code=${out% *} secs=${out#* }
check "an envelope pipe held open and never written: still 31, within 2 to 9 s ($out)" test "$code" = 31 -a "$secs" -ge 2 -a "$secs" -le 9
check "... logged as cut, with nothing in it: from - rcpts - to -" sumgrep -q ' from - rcpts - to - msgid <virus-1@example.com>: virus found: '

# ==== the record: cleanq's log has the same line
check "cleanq sweeps the folders" spool_empty 60
id=$(printf '%s\n' "$REF" | sed -n 's/^qscanq: \(@[0-9a-f.]*\) .*/\1/p')
cleanqlog > "$O/record"
check "cleanq's log (the record) holds the refused message's line, the same bytes as on fd 2" \
  sh -c "grep -F ' qscanq: $id ' '$O/record' | cut -d' ' -f2- | grep -qxF \"\$1\"" - "$REF"

# ==== install-wrap's dropped bounce: found from qmail-send's line
"$H/bin/install-wrap" > "$O/wrap.out" 2>&1
rm -f "$O/pids"
printf 'F\0Toriginal-sender@example.com\0\0' > "$M/envbounce"
chmod 644 "$M/envbounce"
n=$(queued)
deliver virus envbounce qsqb "$H/bin/qmail-queue"
expect_eq "a bounce from qmail-send with a virus: 250, not queued (dropped)" "$REPLY/$(queued)" "250 ok/$n"
qp=$(sed -n 's/^smtpd [0-9]* qq \([0-9]*\)$/\1/p' "$O/pids")
# qmail-send logs "bounce msg N qp P", P the pid of the qmail-queue it ran
check "... the summary has qmail-send's qp ($qp) and the bounce's envelope: from <> to the original sender" \
  sumgrep -qE " summary: dropped 0 smtpd [0-9]+ qp $qp .* from <> rcpts 1 to <original-sender@example\.com> msgid <virus-1@example\.com>: virus found: .*; a bounce from qmail-send, dropped"
"$H/bin/install-unwrap" > /dev/null 2>&1

# ==== what the record keeps: multilog's s and n in log/run
run=$(cat "$SVC/log/run")
s=$(printf '%s\n' "$run" | sed -n 's/.* s\([0-9]*\) .*/\1/p')
nf=$(printf '%s\n' "$run" | sed -n 's/.* n\([0-9]*\) .*/\1/p')
# bytes cleanq logs for one clean message: its summary and its deletion
per=$(cleanqlog | grep -E ' summary: queued 0 | deleted @' | wc -c)
lines=$(cleanqlog | grep -cE ' summary: queued 0 ')
dels=$(cleanqlog | grep -cE ' deleted @')
echo "# log/run: $run; $per bytes for $lines clean summaries and $dels deletions"
keep=$(( s * nf / 400 ))
check "cleanq's log keeps at least 1,000,000 messages at 400 bytes each (s$s n$nf: $keep)" test "$keep" -ge 1000000
check "... s is within multilog's range (4096 to 16777215)" test "$s" -ge 4096 -a "$s" -le 16777215

svc_stop
clamd_stop "$C"
finish
