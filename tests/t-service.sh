#!/bin/sh
# cleanq as a daemontools service: the real svscan, supervise and multilog
# run HOME/qscanq/cleanq as make setup installed it; messages pass through
# the real qscanq (with the qmail stand-ins) while run-cleanq wakes cleanq
# without a pause; and the control group's FIFO keeps its modes across
# supervise's restarts.
. "$(dirname "$0")/lib.sh"

# A scanner that takes its time, so that messages are in flight while
# cleanq sweeps: most scans take 0.5 s, one in ten takes 2 s, and the
# 500 messages take more than the 10-s grace, so that cleanq deletes
# qscanq's finished folders while others are being made.
SCANNER=$QSQ_TMP/service-scanner
cat > "$SCANNER" <<'EOF'
#!/bin/sh
case $(($$ % 10)) in
  0) sleep 2 ;;
  *) sleep 0.5 ;;
esac
exit 0
EOF
chmod 755 "$SCANNER"
sandbox service "$SCANNER" 30 || { bad "sandbox service"; finish; exit 1; }

SVC=$H/qscanq/cleanq
SP=$H/qscanq/spool
SV=$S/svscan            # svscan's folder: a link to the service, as /service would hold
Q=$S/queue              # the qmail-queue stand-in records here
W=$S/work               # messages and replies
LOGDIR=$SVC/log/main

asuser() { _u=$1; shift; setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"; }
mkid() { printf '@%016x%08x.%s.%d' $((0x400000000000000a + $(date +%s) - $1)) 0 "$2" "$3"; }
spoolcount() { find "$SP" -mindepth 1 -maxdepth 1 | wc -l; }
cleanqlog() { cat "$LOGDIR"/@* "$LOGDIR/current" 2>/dev/null; }
svup() { svok "$SVC" && svok "$SVC/log" && svstat "$SVC" | grep -q ': up '; }
svdown() { ! svok "$SVC" && ! svok "$SVC/log"; }
logged() { cleanqlog | grep -q -- "$1"; }
start_svscan() {
  svscan_start "$SV"
  waituntil 30 svup
}
stop_svscan() {
  svscan_stop
  # cleanq first, with SIGTERM alone (svc -o: no restart): svc -d sends
  # SIGCONT right after it, which can cancel the SIGSTOP that a sanitizer
  # build's leak checker sends itself at exit. The log goes only once
  # cleanq's last line is in: multilog stops reading when it gets SIGTERM.
  if svok "$SVC" 2>/dev/null; then
    _n=$(cleanqlog | grep -c 'exit: asked to stop')
    svc -ot "$SVC"
    waituntil 60 sh -c "svstat '$SVC' | grep -q ': down '" &&
      waituntil 30 sh -c "[ \$(cat '$LOGDIR'/@* '$LOGDIR/current' 2>/dev/null | grep -c 'exit: asked to stop') -gt $_n ]"
  fi
  svc -dx "$SVC" "$SVC/log" 2>/dev/null
  waituntil 30 svdown
}
trap 'touch "$W/stop" "$W/stopplanting" 2>/dev/null; stop_svscan' EXIT

# a clean start: nothing of an earlier run
stop_svscan > /dev/null 2>&1
find "$SP" "$LOGDIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
rm -rf "$SV" "$Q" "$W"
mkdir -p "$SV" "$Q" "$W" && chmod 777 "$Q" && chmod 755 "$W" && ln -s "$SVC" "$SV/cleanq" || { bad "setup"; finish; exit 1; }

# ==== a: the service under the real supervise
check "svscan starts cleanq and its log under supervise" start_svscan
pid=$(svstat "$SVC" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')
expect_eq "cleanq runs as the qscanq user" "$(awk '/^Uid:/ { print $2, $3, $4 }' "/proc/$pid/status")" \
  "$(id -u qsqd) $(id -u qsqd) $(id -u qsqd)"
check "multilog logs cleanq's start, stamped" waituntil 30 sh -c "grep -q '^@4000[0-9a-f]* start: sweeping ' '$LOGDIR/current'"
check "instcheck is happy with supervise's files in place" "$S/src/instcheck"

# ==== d: who may wake cleanq
: > "$SP/marker.qsqa"
expect_eq "a caller (qsqa) wakes cleanq through run-cleanq" "$(asuser qsqa "$H/bin/run-cleanq" 2>&1; echo $?)" 0
check "... and cleanq sweeps" waituntil 30 logged "suspicious: deleted file marker.qsqa"
: > "$SP/marker.qsqc"
expect_eq "so can an outsider (qsqc): waking is harmless" "$(asuser qsqc "$H/bin/run-cleanq" 2>&1; echo $?)" 0
check "... and cleanq sweeps" waituntil 30 logged "suspicious: deleted file marker.qsqc"
check "a caller cannot write to supervise/control itself" \
  sh -c "! setpriv --reuid=qsqa --regid=qsqa --clear-groups sh -c 'printf a > $SVC/supervise/control' 2>/dev/null"
check "nor stop the service with svc (access denied)" \
  sh -c "setpriv --reuid=qsqa --regid=qsqa --clear-groups svc -d '$SVC' 2>&1 | grep -q 'access denied'"
check "cleanq is still up" svup
check "run-cleanq with fds 0, 1 and 2 closed and arguments: still 0" \
  asuser qsqa sh -c "exec '$H/bin/run-cleanq' --help x <&- >&- 2>&-"

# supervise keeps the modes make setup gave: stop everything, start again
modes() { stat -c '%A %U %G' "$SVC/supervise" "$SVC/supervise/control" | tr '\n' ' '; }
before=$(modes)
expect_eq "supervise/ and control as make setup made them" "$before" "drwx--x--- root qsqctl prw--w---- root qsqctl "
check "svscan and supervise stop" stop_svscan
check "cleanq logged that it was asked to stop" logged "exit: asked to stop"
check "svscan and supervise start again" start_svscan
expect_eq "the modes survive supervise's restart" "$(modes)" "$before"
: > "$SP/marker.restart"
expect_eq "run-cleanq still works after the restart" "$(asuser qsqa "$H/bin/run-cleanq" 2>&1; echo $?)" 0
check "... and cleanq sweeps" waituntil 30 logged "suspicious: deleted file marker.restart"
check "make setup check with the service running" sh -c "make -C '$S/src' -s setup check > '$S/setup.log' 2>&1"
expect_eq "make setup leaves the modes alone" "$(modes)" "$before"
check "the service is still up after make setup" svup

# ==== b: 500 messages from 5 callers while cleanq is woken without a pause
i=0
while [ $i -lt 500 ]; do
  printf 'Subject: race %d\nMessage-Id: <race.%d@test>\n\nbody %d\n' $i $i $i > "$W/m$i"
  i=$((i + 1))
done
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$W/env"
chmod 644 "$W"/*

# the waker: run-cleanq as fast as it goes, counting failures
(
  n=0 f=0
  while [ ! -e "$W/stop" ]; do
    asuser qsqa "$H/bin/run-cleanq" 2>> "$W/waker.err" || f=$((f + 1))
    n=$((n + 1))
  done
  echo "$n $f" > "$W/waker"
) &
waker=$!
# old finished folders with content keep appearing, so that cleanq is busy
# deleting while qscanq makes and marks its own folders
# (each is made beside the spool, on the same file system, and renamed in)
T=$H/qscanq/plant.tmp
rm -rf "$T" && mkdir "$T" && chmod 700 "$T"
(
  n=0
  while [ ! -e "$W/stopplanting" ]; do
    id=$(mkid 100 beef $n)
    mkdir -p "$T/$id/work/parts" && echo m > "$T/$id/work/msg" && touch "$T/$id/work/parts/1" "$T/$id/work/parts/2" &&
      chown -R qsqd:qsqd "$T/$id" && chmod 0700 "$T/$id" && mv "$T/$id" "$SP/$id" && n=$((n + 1))
    sleep 0.1
  done
  echo "$n" > "$W/planted"
) &
planter=$!

pid0=$(svstat "$SVC" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')
t0=$(date +%s)
callers=
for c in 1 2 3 4 5; do
  (
    u=qsqa; [ $((c % 2)) = 0 ] && u=qsqb
    i=$((c - 1))
    while [ $i -lt 500 ]; do
      r=$(asuser $u env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$W/m$i" "$W/env" 2>> "$W/smtp.err.$c" | head -n 1)
      echo "$i $r" >> "$W/replies.$c"
      i=$((i + 5))
    done
  ) &
  callers="$callers $!"
done
wait $callers
t1=$(date +%s)
during=$(cleanqlog | grep 'deleted @[0-9a-f]*\.[0-9a-f]*\.[0-9]*: done$' | grep -vc '\.beef\.')
cat "$W"/replies.* > "$W/replies"
expect_eq "500 replies" "$(wc -l < "$W/replies")" 500
expect_eq "every message accepted (no failure)" "$(grep -c ' 250 ok$' "$W/replies")" 500
expect_eq "every message queued (none lost)" "$(ls "$Q" | grep -c '\.info$')" 500
expect_eq "each one once" "$(cat "$Q"/*.msg | grep '^Message-Id:' | sort -u | wc -l)" 500
check "cleanq deleted qscanq's finished folders while messages were in flight ($during deleted in $((t1 - t0)) s)" \
  test "$during" -gt 0
touch "$W/stopplanting"
wait "$planter"
rm -rf "$T"
# the spool empties once the last folders are past the 10-s grace
check "the spool is empty in the end" waituntil 150 sh -c "[ \$(find '$SP' -mindepth 1 -maxdepth 1 2>/dev/null | wc -l) = 0 ]"
t2=$(date +%s)
touch "$W/stop"
wait "$waker"
read wakes wfail < "$W/waker"
expect_eq "run-cleanq never failed ($wakes wake-ups)" "$wfail" 0
planted=$(cat "$W/planted")
ok "measured: 500 messages in $((t1 - t0)) s, $wakes wake-ups, $planted old folders planted meanwhile; spool empty $((t2 - t1)) s after the last"
expect_eq "cleanq is still the same process (never crashed)" "$(svstat "$SVC" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')" "$pid0"
expect_eq "no warning in cleanq's log" "$(cleanqlog | grep -c 'warning:')" 0

# ==== a: what the log shows
ids=$(cleanqlog | sed -n 's/^@[0-9a-f]* deleted \(@[0-9a-f]*\.[0-9a-f]*\.[0-9]*\): done$/\1/p' | grep -v '\.beef\.' | sort)
expect_eq "the log has one line for each of qscanq's 500 folders" "$(printf '%s\n' "$ids" | sort -u | grep -c .)" 500
expect_eq "... and no folder twice" "$(printf '%s\n' "$ids" | grep -c .)" 500
expect_eq "the planted folders are all logged too" "$(cleanqlog | grep -c '\.beef\.[0-9]*: done$')" "$planted"
check "the log shows the sweeps" sh -c "cat '$LOGDIR'/@* '$LOGDIR/current' 2>/dev/null | grep -q '^@4000[0-9a-f]* sweep: [0-9]* deleted, '"

# ==== d: supervise stopped: run-cleanq fails at once, qscanq does not care
check "svscan and supervise stop" stop_svscan
out=$(timeout 10 setpriv --reuid=qsqa --regid=qsqa --clear-groups "$H/bin/run-cleanq" 2>&1)
expect_eq "supervise stopped: run-cleanq exits 111 at once (no hang)" "$?" 111
expect_eq "... and says why" "$out" "run-cleanq: fatal: unable to wake cleanq: supervise is not running"
rm -f "$Q"/*
r=$(timeout 30 setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" \
  "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$W/m1" "$W/env" 2> "$W/smtp.err" | head -n 1)
expect_eq "supervise stopped: a message still passes qscanq" "$r" "250 ok"
expect_eq "... and is queued" "$(ls "$Q" | grep -c '\.info$')" 1
check "... and its folder is marked done" sh -c "[ \$(find '$SP' -mindepth 1 -maxdepth 1 -perm -1000 2>/dev/null | wc -l) = 0 ]"

finish
