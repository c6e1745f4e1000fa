# What is queued is what was scanned, even against processes of the
# caller's uid (issue 13.3). With the command form the scanner is a
# dumpable child of the caller's uid with its current folder in parts/:
# another process of that uid reaches parts/ through /proc/PID/cwd. The
# scanner here is slow on purpose: it says "scanned" (its pid into a
# FIFO), then waits for the attacker's "go" before it exits 0 (clean).
# The attacker, of the same uid, meanwhile rewrites the scanner's copy of
# the message with EICAR, in the ways below. On the tree before issue
# 13.3 the copy the scanner saw was the one queued: the plain rewrite got
# EICAR queued. Now the queued copy has no name, the scanner's copy is
# read-only and watched: the clean message is queued byte for byte, or
# the message is deferred; EICAR is never queued.
. "$(dirname "$0")/lib.sh"

qsq_users || { bad "test users"; finish; exit 1; }
W=$QSQ_TMP/samecopy-w
rm -rf "$W" && mkdir -p "$W" && chmod 755 "$W" || { bad "scratch folder"; finish; exit 1; }
mkfifo "$W/ready" "$W/go" && chmod 666 "$W/ready" "$W/go" && mkdir "$W/att" && chmod 1777 "$W/att"
cat > "$W/slowscan" <<EOF
#!/bin/sh
echo \$\$ > $W/ready
read x < $W/go
exit 0
EOF
chmod 755 "$W/slowscan"
sandbox samecopy "/bin/sh $W/slowscan" 30 || { bad "sandbox samecopy"; finish; exit 1; }

M=$W/msgs
mkdir -p "$M" && chmod 755 "$M"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'From: a@example.com\nSubject: lunch\n\nSee you at noon.\n' > "$M/clean"
{ printf 'From: a@example.com\nSubject: lunch\n\n'; sh "$TOP/tests/eicar"; printf '\n'; } > "$M/evil"
chmod 644 "$M"/*
Q=$W/queue
T451="451 mail server temporarily rejected message (#4.3.0)"

# attack HOW: as qsqa, waits for the scanner's pid, does HOW to
# /proc/PID/cwd/msg, then lets the scanner exit. Prints what it did.
attack() {
  setpriv --reuid=qsqa --regid=qsqa --clear-groups sh -c '
    W=$1 how=$2
    pid=$(cat "$W/ready")
    f=/proc/$pid/cwd/msg
    case $how in
      none) r=nothing ;;
      write) if { cat "$W/msgs/evil" > "$f"; } 2>/dev/null; then r=rewritten; else r=refused; fi ;;
      chmod) chmod u+w "$f" && cat "$W/msgs/evil" > "$f" && r=rewritten ;;
      restore) cp "$f" "$W/att/saved.$$" && chmod u+w "$f" && cat "$W/msgs/evil" > "$f" &&
               cat "$W/att/saved.$$" > "$f" && chmod 400 "$f" && r=restored ;;
      link) ln "$f" "$W/att/link.$$" && chmod u+w "$W/att/link.$$" && cp "$W/att/link.$$" "$W/att/saved.$$" &&
            cat "$W/msgs/evil" > "$W/att/link.$$" && cat "$W/att/saved.$$" > "$W/att/link.$$" &&
            chmod 400 "$W/att/link.$$" && rm -f "$W/att/link.$$" && r=restored ;;
    esac
    echo go > "$W/go"
    echo "${r:-failed}"' attack "$W" "$1"
}

# run HOW: one clean message from qsqa while the attacker does HOW; sets
# REPLY, CODE, DID and the log in $W/log
run() {
  rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
  attack "$1" > "$W/did" &
  _a=$!
  _out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups \
    env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean" "$M/env" 2> "$W/log")
  wait $_a
  DID=$(cat "$W/did")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
queued() { ls "$Q" | grep -c '\.info$'; }
noeicar() { ! grep -q 'EICAR' "$Q"/*.msg 2>/dev/null; }

run none
expect_eq "no attack: the clean message is queued" "$REPLY/$(queued)" "250 ok/1"
check "no attack: queued byte for byte" cmp -s "$M/clean" "$Q"/*.msg

run write
expect_eq "a plain rewrite of the scanner's copy is refused (the copy is read-only)" "$DID" refused
expect_eq "plain rewrite: the clean message is queued" "$REPLY/$(queued)" "250 ok/1"
check "plain rewrite: queued byte for byte as sent" cmp -s "$M/clean" "$Q"/*.msg
check "plain rewrite: EICAR never queued" noeicar

run chmod
expect_eq "chmod and rewrite: the attacker did rewrite it" "$DID" rewritten
expect_eq "chmod and rewrite: deferred, nothing queued" "$REPLY/$CODE/$(queued)" "$T451/exit 71/0"
check "chmod and rewrite: the log says the scan folder changed" grep -q 'changed during the scan' "$W/log"

run restore
expect_eq "swap and restore: the attacker restored it" "$DID" restored
expect_eq "swap and restore: deferred, nothing queued" "$REPLY/$CODE/$(queued)" "$T451/exit 71/0"

run link
expect_eq "swap and restore through a hard link: the attacker restored it" "$DID" restored
expect_eq "swap and restore through a hard link: deferred, nothing queued" "$REPLY/$CODE/$(queued)" "$T451/exit 71/0"

# The queued copy has no name once the scanner runs: nothing in the
# scanner's folder, nor above it, is the queued message.
cat > "$W/look" <<EOF
#!/bin/sh
pid=\$(cat $W/ready)
ls -a /proc/\$pid/cwd/.. > $W/att/seen 2>&1
echo go > $W/go
EOF
rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
setpriv --reuid=qsqa --regid=qsqa --clear-groups sh "$W/look" &
_a=$!
setpriv --reuid=qsqa --regid=qsqa --clear-groups \
  env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean" "$M/env" > /dev/null 2>&1
wait $_a
check "the working folder holds no name of the queued copy during the scan" sh -c "grep -qx parts '$W/att/seen' && ! grep -qx msg '$W/att/seen'"

# The clamd form: no child at all, and qscanq-stdin is not dumpable, so
# nothing of the caller's uid reaches the working folder. A fake clamd
# that never answers holds the scan open while the attacker looks.
FC=$W/fc
mkdir -p "$FC" && chmod 755 "$FC"
sandbox samecopy-clamd "clamd $FC/clamd.sock" 3 || { bad "sandbox samecopy-clamd"; finish; exit 1; }
rm -f "$FC/ready" && mkfifo "$FC/ready"
"$S/src/tests/fake/clamd" "$FC/clamd.sock" hang > "$FC/ready" 2> "$FC/err" &
FCPID=$!
read -r line < "$FC/ready" # "ready 0" once it listens
expect_eq "the fake clamd listens" "$line" "ready 0"
rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
setpriv --reuid=qsqa --regid=qsqa --clear-groups \
  env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean" "$M/env" > "$FC/out" 2> "$FC/log" &
SM=$!
i=0
pid=
while [ -z "$pid" ] && [ $i -lt 100 ]; do
  for p in $(pgrep -u qsqa -x qscanq-stdin); do # this sandbox's, not another test's
    case $(readlink "/proc/$p/cwd") in "$H/qscanq/spool/"*) pid=$p ;; esac
  done
  i=$((i + 1)); [ -n "$pid" ] || sleep 0.05
done
[ -n "$pid" ] && ok "clamd form: qscanq-stdin is scanning (pid $pid)" || bad "clamd form: no qscanq-stdin seen"
if setpriv --reuid=qsqa --regid=qsqa --clear-groups ls "/proc/$pid/cwd/" > /dev/null 2>&1; then
  bad "clamd form: a process of the caller's uid reaches the working folder through /proc/$pid/cwd"
else
  ok "clamd form: a process of the caller's uid cannot open /proc/PID/cwd of qscanq-stdin"
fi
# its one child is the early qmail-queue (qscanq-stdin(8)), waiting for
# an envelope that a clean verdict alone sends
kid=$(pgrep -P "$pid")
expect_eq "clamd form: qscanq-stdin's only child is the real qmail-queue" \
  "$(printf '%s\n' "$kid" | grep -c .)/$(readlink "/proc/$kid/exe")" "1/$(readlink -f "$H/bin/qmail-queue")"
inspool() { [ "$(for p in $(pgrep -u qsqa); do readlink "/proc/$p/cwd"; done | grep -c "$H/qscanq/spool")" = 1 ]; }
check "clamd form: of the caller's processes only qscanq-stdin has its folder in the spool (once qmail-queue runs)" waituntil 5 inspool
wait $SM
expect_eq "clamd form: a server that never answers: deferred, nothing queued" "$(sed -n 2p "$FC/out")/$(queued)" "exit 71/0"
kill -TERM $FCPID; wait $FCPID 2>/dev/null
finish
