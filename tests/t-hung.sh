# A hung clamd is passed over within seconds, and a full listen queue is
# waited out (issue 18, items 6 and 7), with real clamds stopped by
# SIGSTOP. A pool of two local clamds (unix sockets), conf-timeout 60.
#  - one stopped: every message is queued, none takes more than
#    CLAMD_PROBE (5 s) plus a little, and the log says "hung";
#  - both stopped: 451 after at most 2 x 5 s, not after conf-timeout;
#  - both stopped with a listen queue of 1 (MaxConnectionQueueLength 1)
#    and 10 sessions at once, continued after 2 s: no session gets
#    EAGAIN ("Resource temporarily unavailable"), all 10 are queued.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

id clamav > /dev/null 2>&1 || { bad "no clamav user (apt-get install clamav-daemon)"; finish; exit 1; }
DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
D1=$QSQ_TMP/hung-d1
D2=$QSQ_TMP/hung-d2
sandbox hung "clamd $D1/clamd.sock $D2/clamd.sock" 60 || { bad "sandbox hung"; finish; exit 1; }

start() {
  _cd_extra=${1:-}
  clamd_start "$D1" "$DB" && clamd_start "$D2" "$DB"
  _st=$?
  _cd_extra=
  return $_st
}
start || { bad "clamd_start"; finish; exit 1; }

M=$QSQ_TMP/hung-m
rm -rf "$M" && mkdir -p "$M" && chmod 755 "$M"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'From: a@example.com\nSubject: lunch\n\nSee you at noon.\n' > "$M/clean"
chmod 644 "$M"/*
# deliver N: one message through qscanq by the fake qmail-smtpd, as qsqa,
# into its own queue $M/qN; $M/rN: the reply, the code, the milliseconds
deliver() {
  rm -rf "$M/q$1" && mkdir -p "$M/q$1" && chmod 777 "$M/q$1"
  _t0=$(date +%s%N)
  _out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups \
    env STANDIN_QUEUE="$M/q$1" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean" "$M/env" 2> "$M/log$1")
  _t1=$(date +%s%N)
  printf '%s/%s/%s\n' "$(printf '%s\n' "$_out" | sed -n 1p)" "$(printf '%s\n' "$_out" | sed -n 2p)" \
    $(((_t1 - _t0) / 1000000)) > "$M/r$1"
}
queued() { ls "$M/q$1" | grep -c '\.info$'; }
reply() { cut -d / -f 1,2 "$M/r$1"; }
ms() { cut -d / -f 3 "$M/r$1"; }

# ==== one server stopped: passed over as hung within CLAMD_PROBE
kill -STOP "$(cat "$D1/clamd.spid")"
# the pool's first server varies per message: deliver until one started
# at the stopped server (at most 12 tries), and keep the slowest time
max=0 hung=0 good=0 i=0
while [ $i -lt 12 ] && [ $hung -eq 0 ]; do
  i=$((i + 1))
  deliver $i
  [ "$(reply $i)/$(queued $i)" = "250 ok/exit 0/1" ] && good=$((good + 1))
  [ "$(ms $i)" -gt $max ] && max=$(ms $i)
  grep -q "clamd $D1/clamd.sock: hung: no answer to the control sample within 5 seconds" "$M/log$i" && hung=$i
done
expect_eq "one clamd stopped: every message queued ($i)" $good $i
check "... one started at the stopped server, which the log calls hung (message $hung)" test $hung -gt 0
[ $hung -gt 0 ] && sed 's/^/    /' "$M/log$hung"
check "... and none took 7 s or more (the slowest: $max ms; conf-timeout is 60 s)" test "$max" -lt 7000

# ==== both stopped: 451 within 2 x CLAMD_PROBE
kill -STOP "$(cat "$D2/clamd.spid")"
deliver b
expect_eq "both clamds stopped: deferred" "$(reply b)/$(queued b)" "451 mail server temporarily rejected message (#4.3.0)/exit 71/0"
check "... after $(ms b) ms: at least 5 s, under 12 s (not 60 s)" test "$(ms b)" -ge 5000 -a "$(ms b)" -lt 12000
expect_eq "... both servers named hung" "$(grep -c 'uid [0-9]*: clamd [^ ]*: hung: ' "$M/logb")" 2
kill -CONT "$(cat "$D1/clamd.spid")" "$(cat "$D2/clamd.spid")"

# ==== a full listen queue is waited for, not a failure
clamd_stop "$D1"; clamd_stop "$D2"
start "MaxConnectionQueueLength 1" || { bad "clamd_start with a queue of 1"; finish; exit 1; }
kill -STOP "$(cat "$D1/clamd.spid")" "$(cat "$D2/clamd.spid")"
pids=
for i in 1 2 3 4 5 6 7 8 9 10; do
  deliver p$i &
  pids="$pids $!"
done
sleep 2 # the stall itself: clamd stopped for 2 s while 10 sessions come
kill -CONT "$(cat "$D1/clamd.spid")" "$(cat "$D2/clamd.spid")"
for p in $pids; do wait "$p"; done
n=0 eagain=0
for i in 1 2 3 4 5 6 7 8 9 10; do
  [ "$(reply p$i)/$(queued p$i)" = "250 ok/exit 0/1" ] && n=$((n + 1))
  grep -q 'Resource temporarily unavailable' "$M/logp$i" && eagain=$((eagain + 1))
done
expect_eq "10 sessions at once against stalled clamds with a listen queue of 1: none got EAGAIN" $eagain 0
expect_eq "... and all 10 were queued once the clamds went on" $n 10
[ $n -eq 10 ] || for i in 1 2 3 4 5 6 7 8 9 10; do echo "    p$i: $(cat "$M/rp$i")"; sed 's/^/      /' "$M/logp$i"; done
clamd_stop "$D1"; clamd_stop "$D2"
finish
