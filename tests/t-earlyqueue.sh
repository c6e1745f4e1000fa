# tests/t-earlyqueue.sh (issue #20): the early queue of the clamd form
# (qscanq-stdin(8), THE EARLY QUEUE). qscanq-stdin starts the real
# qmail-queue (the stand-in, tests/fake/qmail-queue) before the scan, with
# a pipe of its own for the envelope, and hands it the caller's envelope,
# byte for byte, only once a real clamd found the message clean. Refused
# mail: qmail-queue ran, got an unfinished envelope (54) and left nothing.
# The envelope relay is as faithful as fd 1 itself: long, cut short,
# malformed, or held open by its writer after the final NUL. Its fd 6 and
# its crash pass through; with no process to spare it runs after the scan.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

id clamav > /dev/null 2>&1 || { bad "no clamav user (apt-get install clamav-daemon)"; finish; exit 1; }
DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
CD=$QSQ_TMP/earlyq-clamd
mkdir -p "$CD" && chmod 755 "$CD"
clamd_start "$CD" "$DB" || { bad "clamd_start"; finish; exit 1; }
trap 'clamd_stop "$CD"' EXIT
sandbox earlyq "clamd $CD/clamd.sock" 30 || { bad "sandbox earlyq"; finish; exit 1; }

M=$QSQ_TMP/earlyq-m
O=$QSQ_TMP/earlyq-o
Q=$QSQ_TMP/earlyq-q
rm -rf "$M" "$O" && mkdir -p "$M" "$O" && chmod 755 "$M" && chmod 777 "$O"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'From: a@example.com\nSubject: lunch\n\nSee you at noon.\n' > "$M/clean"
eicar_attached > "$M/virus"
# 3000 recipients: about 100 KB, past any pipe's buffer
perl -e 'print "Fsender\@example.com\0"; print "Trcpt$_\@example.com\0" for 1 .. 3000; print "\0"' > "$M/env-long"
printf 'Fsender@example.com\0Trcpt@example.com\0' > "$M/env-short"
printf 'Xsender@example.com\0\0' > "$M/env-bad"
chmod 644 "$M"/*

SMTPD=$S/src/tests/fake/qmail-smtpd
asuser() { _u=$1; shift; setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"; }
fresh() { rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"; }
queued() { ls "$Q" | grep -c '\.info$'; }
# deliver MSG ENV: through the stand-in qmail-smtpd (notqmail: fd 6 a pipe)
deliver() {
  _out=$(asuser qsqa env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 "$SMTPD" "$H" "$H/bin/qscanq" "$M/$1" "$M/$2" 2> "$O/log")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
standin() { grep -q "qmail-queue (stand-in): fatal: envelope: input ends before the final NUL" "$O/log"; }

# ---- clean: queued once, byte for byte, by the qmail-queue the summary names
fresh
deliver clean env
expect_eq "clean: 250, queued once" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/1"
check "clean: the message queued byte for byte" cmp -s "$M/clean" "$Q"/*.msg
check "clean: the envelope handed over byte for byte" cmp -s "$M/env" "$Q"/*.env
qpid=$(ls "$Q" | sed -n 's/^[0-9]*\.[0-9]*\.\([0-9]*\)\.info$/\1/p')
check "clean: the summary's queue pid is the stand-in qmail-queue's ($qpid)" sh -c "grep -qE ' summary: queued 0 smtpd [0-9]+ qp [0-9]+ queue $qpid ms ' '$O/log'"
expect_eq "clean: qmail-queue starts with no alarm, nothing blocked or ignored" "$(cat "$Q"/*.sig)" "alarm=0 blocked=none ignored=none"
check "clean: nothing left in work/" sh -c "! ls '$H'/qscanq/spool/@*/work/msg 2> /dev/null"

# ---- refused: qmail-queue was started, got no envelope, left nothing
fresh
deliver virus env
expect_eq "virus: refused for good, nothing queued" "$REPLY/$CODE/$(queued)" "554 mail server permanently rejected message (#5.3.0)/exit 31/0"
check "virus: the log names the virus" grep -q 'virus found: .*Eicar' "$O/log"
check "virus: the stand-in qmail-queue ran before the verdict and saw its envelope end unfinished (54)" waituntil 10 standin
expect_eq "virus: it left no file behind" "$(ls -A "$Q" | wc -l)" 0
check "virus: the summary says queue -" grep -q ' summary: refused 31 smtpd [0-9]* qp [0-9]* queue - ' "$O/log"

# ---- the envelope, relayed as fd 1 would have given it
fresh
deliver clean env-long
expect_eq "3000 recipients (100 KB): queued once" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/1"
check "3000 recipients: the envelope handed over byte for byte" cmp -s "$M/env-long" "$Q"/*.env
fresh
deliver clean env-short
expect_eq "an envelope without its final NUL: the queue's 54, nothing queued" "$CODE/$(queued)" "exit 54/0"
fresh
deliver clean env-bad
expect_eq "an envelope not starting with F: the queue's 91, nothing queued" "$CODE/$(queued)" "exit 91/0"
# a caller that keeps fd 1 open after the final NUL (and writes more):
# qmail-queue stops reading at the NUL, and so must the relay
fresh
rm -f "$O/fifo" && mkfifo -m 666 "$O/fifo"
{ cat "$M/env"; printf 'Tafter@example.com\0'; exec sleep 60; } > "$O/fifo" &
holder=$!
asuser qsqa env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 timeout 20 "$H/bin/qscanq" < "$M/clean" 1< "$O/fifo" 6>&- 2> "$O/log"
rc=$?
kill "$holder" 2> /dev/null
wait "$holder" 2> /dev/null
expect_eq "the caller keeps fd 1 open after the final NUL: queued at once (not at its close)" "$rc/$(queued)" "0/1"
check "... with the envelope up to its final NUL" cmp -s "$M/env" "$Q"/*.env

# ---- qmail-queue's own ends pass through
fresh
: > "$Q/crash"
deliver clean env
expect_eq "the real qmail-queue crashes: 81, as before" "$CODE/$(queued)" "exit 81/0"
check "... the log says qscanq-stdin or its qmail-queue crashed" grep -q 'qscanq-stdin (or its qmail-queue) crashed, signal 6' "$O/log"
fresh
printf '35\n' > "$Q/exitcode"
deliver clean env
expect_eq "the real qmail-queue's own 35 is passed through" "$REPLY/$CODE" "554 qq permanent problem (#5.3.0)/exit 35"
rm -f "$Q/exitcode"
# a filter behind qscanq that refuses with 82 and its reason on fd 6
printf '#!/bin/sh\ncat > /dev/null\nprintf "Dthe filter behind says no (#5.7.1)" >&6\nexit 82\n' > "$M/filter"
chmod 755 "$M/filter" && ln -sfn "$M/filter" "$H/qscanq/qmail-queue"
fresh
deliver clean env
ln -sfn ../bin/qmail-queue "$H/qscanq/qmail-queue"
expect_eq "a filter behind qscanq: its 82 and its reply on fd 6 reach the caller" "$REPLY/$CODE/$(queued)" "554 the filter behind says no (#5.7.1)/exit 82/0"

# ---- fd 6: the caller's, or closed, never a pipe of ours
# a caller without fd 6: qmail-queue gets none either (a wrapper looks)
printf '#!/bin/sh\nif [ -e /proc/$$/fd/6 ]; then echo open; else echo closed; fi > "$STANDIN_QUEUE/fd6"\nexec %s/bin/qmail-queue\n' "$H" > "$M/look6"
chmod 755 "$M/look6" && ln -sfn "$M/look6" "$H/qscanq/qmail-queue"
fresh
asuser qsqa env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 "$H/bin/qscanq" < "$M/clean" 1< "$M/env" 6>&- 2> "$O/log"
rc=$?
ln -sfn ../bin/qmail-queue "$H/qscanq/qmail-queue"
expect_eq "a caller without fd 6: queued, and qmail-queue has no fd 6 either" "$rc/$(queued)/$(cat "$Q/fd6")" "0/1/closed"
# ... and with conf-qmail notqmail a refusal's reason (for fd 6) must not
# go into a pipe of ours that took fd 6: refused for good, 31
HE=$H
QSQ_QMAIL=notqmail sandbox earlyq-nq "clamd $CD/clamd.sock" 30 || bad "sandbox earlyq-nq"
HN=$H
H=$HE
fresh
asuser qsqa env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 "$HN/bin/qscanq" < "$M/virus" 1< "$M/env" 6>&- 2> "$O/log"
rc=$?
expect_eq "notqmail build, a caller without fd 6: a virus is refused for good (31), nothing queued" "$rc/$(queued)" "31/0"
check "... and the early qmail-queue saw its envelope end unfinished (not a reply in it)" waituntil 10 standin

# ---- a copy over 1 MB: no early queue (a refused one is not copied into
# the queue for nothing); clean mail still queued, by qscanq-stdin itself
{ cat "$M/clean"; perl -e 'print "x" x 76, "\n" for 1 .. 14000'; } > "$M/big"
{ eicar_attached; perl -e 'print "x" x 76, "\n" for 1 .. 14000'; } > "$M/bigvirus"
chmod 644 "$M/big" "$M/bigvirus"
fresh
deliver bigvirus env
expect_eq "a virus in a copy over 1 MB: refused, nothing queued" "$CODE/$(queued)" "exit 31/0"
check "... and no qmail-queue ran for it" sh -c "! grep -q 'stand-in' '$O/log'"
fresh
deliver big env
expect_eq "clean mail over 1 MB: queued once, byte for byte" "$REPLY/$(queued)" "250 ok/1"
check "... byte for byte" cmp -s "$M/big" "$Q"/*.msg

# ---- qscanq/qmail-queue missing: a virus is still refused for good,
# clean mail deferred with the reason
mv "$H/qscanq/qmail-queue" "$H/qscanq/qmail-queue.away"
fresh
deliver virus env
expect_eq "no qscanq/qmail-queue: a virus is still refused for good" "$CODE/$(queued)" "exit 31/0"
deliver clean env
expect_eq "no qscanq/qmail-queue: clean mail deferred, nothing queued" "$CODE/$(queued)" "exit 71/0"
check "... the log says why" grep -q 'unable to find the real qmail-queue' "$O/log"
mv "$H/qscanq/qmail-queue.away" "$H/qscanq/qmail-queue"

# ---- no process to spare: qmail-queue runs after the scan, as qscanq-stdin
# RLIMIT_NPROC counts every process of the real uid: qsqn runs nothing else.
# The stand-in smtpd, qscanq and qscanq-stdin fit; the early queue does not.
id qsqn > /dev/null 2>&1 || useradd -r -M -d /nonexistent -s /usr/sbin/nologin qsqn
# (a run-cleanq of the last message may still be on its way out)
nothing() { [ "$(ps -U qsqn -o pid= | wc -l)" = 0 ]; }
n=3
fresh
check "qsqn runs nothing" waituntil 10 nothing
_out=$(prlimit "--nproc=$n:$n" setpriv --reuid=qsqn --regid=qsqn --clear-groups env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 \
  "$SMTPD" "$H" "$H/bin/qscanq" "$M/clean" "$M/env" 2> "$O/log")
expect_eq "no process to spare for the early queue: still queued once" "$(printf '%s\n' "$_out" | tr '\n' /)$(queued)" "250 ok/exit 0/1"
qpid=$(ls "$Q" | sed -n 's/^[0-9]*\.[0-9]*\.\([0-9]*\)\.info$/\1/p')
check "... by qscanq-stdin itself, which the summary names ($qpid)" sh -c "grep -qE ' summary: queued 0 smtpd [0-9]+ qp [0-9]+ queue $qpid ms ' '$O/log'"
fresh
check "qsqn runs nothing again" waituntil 10 nothing
_out=$(prlimit "--nproc=$n:$n" setpriv --reuid=qsqn --regid=qsqn --clear-groups env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 \
  "$SMTPD" "$H" "$H/bin/qscanq" "$M/virus" "$M/env" 2> "$O/log")
expect_eq "... and a virus still refused, nothing queued" "$(printf '%s\n' "$_out" | sed -n 2p)/$(queued)" "exit 31/0"
check "... without a qmail-queue run" sh -c "! grep -q 'stand-in' '$O/log'"

finish
