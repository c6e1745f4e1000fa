#!/bin/sh
# qscanq's own clamd service (HOME/qscanq/clamd-service, INSTALL step 5)
# under the real svscan, supervise and multilog, on the project's test
# database: make setup installs it; clamd comes up under supervise as
# clamav, in the foreground, with its socket where conf-scanner's clamd
# form expects it, in a folder only the qscanq user may search, and no TCP
# port; a clean message gets 250 and EICAR 554 through it; its log has the
# finding; the alert sample goes once per clamd process, and a clamd
# restarted without AlertExceedsMax defers mail whatever proof is left;
# svc -d stops it, and then mail is deferred (451).
. "$(dirname "$0")/lib.sh"

DB=$QSQ_TMP/clamdsvc-db
sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
SOCK=$QSQ_TMP/clamdsvc/home/qscanq/clamd/clamd.ctl
QSQ_CLAMDB=$DB sandbox clamdsvc "clamd $SOCK" 30 || { bad "sandbox clamdsvc"; finish; exit 1; }
CSV=$H/qscanq/clamd-service
SV=$S/svscan
Q=$S/queue
M=$S/mail

ping_clamd() { clamdscan --config-file="$CSV/clamd.conf" --ping 1 > /dev/null 2>&1; }
clamdlog() { cat "$CSV/log/main"/@* "$CSV/log/main/current" 2>/dev/null; }
clamdpid() { svstat "$CSV" 2>/dev/null | sed -n 's/.*(pid \([0-9]*\)).*/\1/p'; }
smtp() { # MESSAGE: the reply qmail-smtpd would give, as user qsqa
  setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.1 \
    "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/$1" "$M/env" 2>/dev/null
}
stop_all() {
  svscan_stop
  svc -dx "$CSV" "$CSV/log" "$H/qscanq/cleanq" "$H/qscanq/cleanq/log" 2>/dev/null
  waituntil 30 sh -c "! svok '$CSV' 2>/dev/null && ! svok '$CSV/log' 2>/dev/null && ! svok '$H/qscanq/cleanq' 2>/dev/null"
}
trap stop_all EXIT

# ==== what make setup installed
ls1() { stat -c '%A %U %G' "$1"; }
expect_eq "clamd-service/run" "$(ls1 "$CSV/run")" "-rwxr-xr-x root root"
expect_eq "clamd-service/clamd.conf" "$(ls1 "$CSV/clamd.conf")" "-rw-r--r-- root root"
expect_eq "clamd-service/log/main belongs to the log user" "$(ls1 "$CSV/log/main")" "drwxr-xr-x qsql qsql"
check "clamd.conf: the socket conf-scanner names" grep -qx "LocalSocket $SOCK" "$CSV/clamd.conf"
check "clamd.conf: the database of conf-clamd" grep -qx "DatabaseDirectory $DB" "$CSV/clamd.conf"
check "clamd.conf: no TCP" sh -c "! grep -q '^TCP' '$CSV/clamd.conf'"
check "clamd.conf: its temporary files in a folder of its own" grep -qx "TemporaryDirectory $H/qscanq/clamd-tmp" "$CSV/clamd.conf"

# ==== up under supervise
rm -rf "$SV" "$Q" "$M" "$H/qscanq/clamd" "$H/qscanq/clamd-tmp"
find "$CSV/log/main" -mindepth 1 -delete
mkdir -p "$SV" "$Q" "$M" && chmod 777 "$Q" && chmod 755 "$M" &&
  ln -s "$CSV" "$SV/clamd" && ln -s "$H/qscanq/cleanq" "$SV/cleanq" || { bad "setup"; finish; exit 1; }
svscan_start "$SV"
check "supervise starts clamd and its log" waituntil 30 sh -c "svok '$CSV' && svok '$CSV/log' && svstat '$CSV' | grep -q ': up '"
check "clamd answers PING on its socket" waituntil 60 ping_clamd
pid=$(clamdpid)
expect_eq "supervise's child is clamd itself (run execs it, in the foreground)" "$(ps -o comm= -p "$pid")" "clamd"
expect_eq "clamd runs as clamav" "$(ps -o user= -p "$pid")" "clamav"
expect_eq "the socket's folder: the qscanq user's, clamd's group, 0730" \
  "$(ls1 "$H/qscanq/clamd")" "drwx-wx--- qsqd clamav"
check "the socket is there" test -S "$SOCK"
expect_eq "clamd's temporary folder: made by the run script, clamav's, 0700" \
  "$(ls1 "$H/qscanq/clamd-tmp")" "drwx------ clamav clamav"
check "clamd listens on no TCP port" sh -c "! ss -ltnp 2>/dev/null | grep -q 'pid=$pid,'"
check "a caller (qsqa) cannot reach the socket" sh -c "! setpriv --reuid=qsqa --regid=qsqa --clear-groups clamdscan --config-file='$CSV/clamd.conf' --ping 1 > /dev/null 2>&1"
check "clamd's start-up lines reach its multilog" waituntil 30 sh -c "cat '$CSV/log/main/current' | grep -q 'Self checking every'"
rss=$(ps -o rss= -p "$pid" | tr -d ' ')
echo "# clamd's resident memory with the test database: ${rss} kB"

# ==== mail through it
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'From: alice@example.com\nTo: bob@example.com\nSubject: lunch\n\nSee you at noon.\n' > "$M/clean"
{ printf 'From: mallory@example.com\nSubject: test\n\n'; sh "$TOP/tests/eicar"; printf '\n'; } > "$M/eicar"
chmod 644 "$M"/*
r=$(smtp clean)
case $r in 250*) ok "a clean message: 250 ($r)" ;; *) bad "a clean message: got '$r', want 250" ;; esac
r=$(smtp eicar)
case $r in 554*) ok "EICAR: 554 ($r)" ;; *) bad "EICAR: got '$r', want 554" ;; esac
expect_eq "one message queued" "$(ls "$Q" | grep -c '\.info$')" 1
check "clamd's log has the finding" waituntil 10 sh -c "cat '$CSV/log/main/current' | grep -q 'Qscanq.Test.Eicar.UNOFFICIAL FOUND'"

# ==== the alert sample once per clamd process (proof.h): its proof is
# kept beside the socket; clamd's log shows each sample it reported, and
# a marker message after each delivery shows that the log has caught up
{ printf 'Subject: marker\n\n'; printf '%s%s\n' 'QSCANQ-TEST-' 'MARKER-7f3a9c'; } > "$M/marker"
chmod 644 "$M/marker"
alerts() { clamdlog | grep -c 'Limits.Exceeded.MaxRecursion FOUND'; }
markers() { clamdlog | grep -c 'Qscanq.Test.Marker.UNOFFICIAL FOUND'; }
above() { [ "$(markers)" -gt "$1" ]; }
sent() { # MESSAGE: its reply; returns once clamd's log has all of its session
  _m=$(markers); smtp "$1"; smtp marker > /dev/null
  waituntil 20 above "$_m" || echo "# the marker never reached clamd's log"
}
starttime() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20; }
BOOT=$(cat /proc/sys/kernel/random/boot_id)
P=$SOCK.alerted
expect_eq "the proof, beside the socket: the qscanq user's, 0600" "$(stat -c '%U %a' "$P" 2>&1)" "qsqd 600"
expect_eq "... it names this clamd: its pid, start time and boot" "$(cat "$P")" "clamd $pid $(starttime "$pid") $BOOT"
sent clean > /dev/null
a0=$(alerts)
r=$(sent clean)
case $r in 250*) ok "proven: a clean message 250" ;; *) bad "proven: got '$r', want 250" ;; esac
expect_eq "... and its session had no alert sample" "$(alerts)" "$a0"
cp "$P" "$S/proof" && chown root "$S/proof" && chmod 644 "$S/proof" && mv "$S/proof" "$P"
sent clean > /dev/null
# a proof not believed: the sample in the message's session, and once
# more in qscanq's own check before it keeps the proof again
expect_eq "a proof of another owner's is not believed: the sample again" "$(alerts)" $((a0 + 2))
expect_eq "... and the proof is the qscanq user's again" "$(stat -c '%U' "$P")" "qsqd"
printf 'clamd %s 1\n' "$pid" > "$P" && chown qsqd "$P"
sent clean > /dev/null
expect_eq "a proof of another start time is not believed" "$(alerts)" $((a0 + 4))
sent clean > /dev/null
expect_eq "... then it is kept again, and believed" "$(alerts)" $((a0 + 4))
# a new clamd without AlertExceedsMax: the old proof must not count
restart() { # YES|NO: clamd again, with AlertExceedsMax so
  sed -i "s/^AlertExceedsMax .*/AlertExceedsMax $1/" "$CSV/clamd.conf"
  svc -d "$CSV"; waituntil 30 sh -c "svstat '$CSV' | grep -q ': down '"
  svc -u "$CSV"; waituntil 60 ping_clamd
}
restart no
pid2=$(clamdpid)
check "a new clamd, a new pid" test "$pid2" != "$pid"
r=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.1 \
  "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean" "$M/env" 2> "$S/alertoff.err")
case $r in 451*) ok "... without AlertExceedsMax: 451, the old proof notwithstanding ($r)" ;; *) bad "AlertExceedsMax no after a proof: got '$r', want 451" ;; esac
check "... the log line says why" grep -q 'AlertExceedsMax is off' "$S/alertoff.err"
check "... and no proof for it (the run script removed the old one)" test ! -e "$P"
# a qscanq-stdin taken over by a hostile message says this clamd has
# reported the sample (tests/fake/hint): qscanq asks clamd itself
cp "$H/bin/qscanq-stdin" "$S/qscanq-stdin.real" && cp "$S/src/tests/fake/hint" "$H/bin/qscanq-stdin" || bad "the hint in qscanq-stdin's place"
r=$(smtp clean)
case $r in 451*) ok "a taken-over qscanq-stdin's hint: deferred ($r)" ;; *) bad "the hint: got '$r', want 451" ;; esac
check "... and its word is no proof: none for this clamd" test ! -e "$P"
cp "$S/qscanq-stdin.real" "$H/bin/qscanq-stdin" || bad "qscanq-stdin back"
restart yes
pid=$(clamdpid)
r=$(smtp clean)
case $r in 250*) ok "AlertExceedsMax again: 250" ;; *) bad "AlertExceedsMax again: got '$r', want 250" ;; esac
expect_eq "... and the proof names the new clamd" "$(cat "$P")" "clamd $pid $(starttime "$pid") $BOOT"

# ==== svc -d stops it; mail is then deferred
queued=$(ls "$Q" | grep -c '\.info$')
svc -d "$CSV"
check "svc -d stops clamd" waituntil 30 sh -c "svstat '$CSV' | grep -q ': down '"
check "no clamd process left" sh -c "! kill -0 $pid 2>/dev/null"
r=$(smtp clean)
case $r in 451*) ok "clean message with clamd down: 451 ($r)" ;; *) bad "clamd down: got '$r', want 451" ;; esac
expect_eq "nothing more queued" "$(ls "$Q" | grep -c '\.info$')" "$queued"
svc -u "$CSV"
check "svc -u brings it back (stale socket fixed)" waituntil 60 ping_clamd
r=$(smtp clean)
case $r in 250*) ok "then 250 again" ;; *) bad "after svc -u: got '$r', want 250" ;; esac

finish
