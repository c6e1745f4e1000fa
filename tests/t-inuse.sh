# A slow sender: the message arrives slowly, so the working folder is older
# than cleanq's age limit (3 x conf-timeout) before the scan even starts.
# cleanq sweeps during the scan. Nothing may be queued unscanned:
#  - while qscanq runs it holds a lock on its folder, and cleanq leaves a
#    locked folder alone whatever its age;
#  - if the folder is emptied under the scan anyway, the clean verdict is
#    not believed (71): qscanq-stdin watches the scan folder.
. "$(dirname "$0")/lib.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
R=$QSQ_TMP/inuse-rec
mkdir -p "$R" && chmod 1777 "$R"
SCANNER=$QSQ_TMP/inuse-scanner
cat > "$SCANNER" <<EOF
#!/bin/sh
# says it started, waits for the test's go, then runs the real clamscan
touch $R/started
while [ ! -e $R/go ]; do sleep 0.05; done
exec /usr/bin/clamscan -d $DB --infected --no-summary --recursive --alert-exceeds-max=yes .
EOF
chmod 755 "$SCANNER"
sandbox inuse "$SCANNER" 1 || { bad "sandbox inuse"; finish; exit 1; }
SP=$H/qscanq/spool
rm -rf "$SP"/@* # a reused sandbox keeps an earlier run's folders (no cleanq runs here)
Q=$S/queue
LOG=$S/cleanq.log
M=$QSQ_TMP/inuse-msgs
mkdir -p "$M" && chmod 755 "$M"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
chmod 644 "$M/env"

queued() { ls "$Q" | grep -c '\.info$'; }
waitfor() { _i=0; while [ ! -e "$1" ]; do _i=$((_i + 1)); [ $_i -lt 600 ] || return 1; sleep 0.05; done; }

# slow MESSAGE-OUT: an infected message whose body arrives 4 s after its
# header (conf-timeout 1: the folder is past 3 s when the scan starts);
# runs qscanq as qsqa in the background and leaves its exit code in $R/rc
slow() {
  rm -f "$R/started" "$R/go" "$R/rc"
  rm -rf "$Q"; mkdir -p "$Q" && chmod 777 "$Q"
  (
    { printf 'Subject: slow\n\n'; sleep 4; sh "$TOP/tests/eicar"; } |
      (cd "$H" && setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" \
        "$H/bin/qscanq" 1< "$M/env" 2>> "$S/qscanq.log")
    echo $? > "$R/rc"
  ) &
  waitfor "$R/started" || { bad "the scan never started"; return 1; }
}

# 1. cleanq sweeps while the old folder is being scanned
slow
folder=$(ls "$SP" | head -n 1)
: > "$SP/marker"
setuidgid qsqd "$H/bin/cleanq" > "$LOG" 2>&1 &
CPID=$!
i=0
until grep -q '^sweep: ' "$LOG"; do
  i=$((i + 1)); [ $i -lt 600 ] || break
  sleep 0.05
done
kill -TERM "$CPID"; wait "$CPID"
grep -q '^sweep: .* 1 in use' "$LOG" && ok "cleanq counts the old, locked folder as in use" || { bad "cleanq's sweep: $(cat "$LOG")"; }
[ -d "$SP/$folder/work" ] && ok "the folder survives the sweep during its scan" || bad "cleanq deleted a folder in use"
touch "$R/go"
waitfor "$R/rc"
expect_eq "the slow infected message is refused, not queued" "$(cat "$R/rc")/$(queued)" "31/0"

# 2. the folder is emptied under the scan anyway (as root, past every rule)
slow
# (the queued copy has no name by now: parts/msg is the scanner's copy)
folder=$(ls "$SP" | grep '^@' | while read -r f; do [ -e "$SP/$f/work/parts/msg" ] && echo "$f"; done | head -n 1)
[ -n "$folder" ] && ok "found the folder being scanned" || bad "no folder with work/parts/msg"
rm -f "$SP/$folder/work/parts/"*
touch "$R/go"
waitfor "$R/rc"
expect_eq "a folder emptied during the scan: deferred, nothing queued" "$(cat "$R/rc")/$(queued)" "71/0"
grep -q -e "the working folder changed during the scan" -e "the scan folder changed during the scan" "$S/qscanq.log" && ok "the log says why" || bad "no log line: $(tail -n 3 "$S/qscanq.log")"

finish
