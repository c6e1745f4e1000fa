# cleanq notices a file system mounted over its spool (issue 18, item 8).
# Under the real svscan/supervise/multilog: a tmpfs is mounted over
# HOME/qscanq/spool while cleanq runs; messages then go to the tmpfs.
# cleanq must say so in its log and exit, supervise starts it again on
# the new spool, and the new spool's done folders are deleted.
. "$(dirname "$0")/lib.sh"

SCN=$QSQ_TMP/spoolmount-scanner
printf '%s\n' '#!/bin/sh' 'exit 0' > "$SCN"
chmod 755 "$SCN"
sandbox spoolmount "$SCN" 10 || { bad "sandbox spoolmount"; finish; exit 1; }
. "$TOP/tests/svscan.sh"

mounted=0
cleanup() { svc_stop > /dev/null 2>&1; [ $mounted = 0 ] || umount "$SP"; }
trap cleanup EXIT

M=$QSQ_TMP/spoolmount-m
Q=$QSQ_TMP/spoolmount-q
rm -rf "$M" "$Q" && mkdir -p "$M" "$Q" && chmod 755 "$M" && chmod 777 "$Q" || exit 1
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'Subject: lunch\n\nSee you at noon.\n' > "$M/clean"
chmod 644 "$M/env" "$M/clean"
deliver() {
  setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 \
    "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean" "$M/env" 2> "$M/log" | head -n 1
}
starts() { cleanqlog | grep -c 'start: sweeping'; }

check "svscan starts cleanq" svc_start
pid0=$(svc_pid)
expect_eq "a message before the mount: queued" "$(deliver)" "250 ok"
check "... and its folder is deleted" spool_empty 30

mode=$(stat -c %a "$SP") own=$(stat -c %u "$SP") grp=$(stat -c %g "$SP")
mount -t tmpfs -o "mode=$mode,uid=$own,gid=$grp" tmpfs "$SP" && mounted=1
check "a tmpfs mounted over the spool" test $mounted = 1
expect_eq "a message after the mount: queued" "$(deliver)" "250 ok"
check "... its folder is on the tmpfs" test "$(spoolcount)" -ge 1
# qscanq woke cleanq: it finds its spool is not the path's any more
check "cleanq logs that the spool is no longer its folder" \
  waituntil 20 sh -c "cat '$LOGDIR'/current | grep -q 'spool is no longer the folder cleanq sweeps'"
cleanqlog | grep 'no longer' | sed 's/^/    /'
check "supervise started it again (a second start line)" waituntil 20 sh -c "[ \$(cat '$LOGDIR'/current | grep -c 'start: sweeping') -ge 2 ]"
pid1=$(svc_pid)
check "... as a new process ($pid0, then $pid1)" test -n "$pid1" -a "$pid1" != "$pid0"
check "the new spool's done folder is deleted" spool_empty 30
expect_eq "another message: queued" "$(deliver)" "250 ok"
check "... and its folder deleted too" spool_empty 30
expect_eq "cleanq ran once more after the restart, no more (no restart loop)" "$(starts)" 2
finish
