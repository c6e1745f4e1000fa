# qscanq and qscanq-stdin end to end: real setuid bit, real users, real
# clamscan and clamd with the project's test database, and the qmail
# stand-ins (tests/fake) in place of qmail-smtpd and qmail-queue.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
ARGS="--infected --no-summary --recursive --alert-exceeds-max=yes"
M=$QSQ_TMP/msgs            # test messages, readable by the callers
R=$QSQ_TMP/rec             # what test scanners record, writable by the callers
mkdir -p "$M" "$R" && chmod 755 "$M" && chmod 1777 "$R"

# ---- messages
envelope() { printf 'Fsender@example.com\0Trcpt@example.com\0\0'; }
envelope > "$M/env"
eicar() { sh "$TOP/tests/eicar"; }
b64() { perl -MMIME::Base64 -e 'local $/; print encode_base64(<STDIN>)'; }
uu() { perl -e 'local $/; my $d = <STDIN>; print "begin 644 $ARGV[0]\n", pack("u", $d), "`\nend\n"' "$1"; }

mk_plain() { printf 'From: a@example.com\nTo: b@example.com\nSubject: plain\n\n'; eicar; printf '\n'; }
mk_attach() { # mk_attach TYPE NAME < payload
  printf 'From: a@example.com\nSubject: attachment\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n'
  printf -- '--b1\nContent-Type: text/plain\n\nsee attached\n--b1\n'
  printf 'Content-Type: %s; name="%s"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="%s"\n\n' "$1" "$2" "$2"
  b64; printf -- '--b1--\n'
}
mk_nested() { # a message/rfc822 part holding a message with the attachment
  printf 'From: a@example.com\nSubject: forwarded\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="outer"\n\n'
  printf -- '--outer\nContent-Type: text/plain\n\nforwarding\n--outer\nContent-Type: message/rfc822\n\n'
  mk_attach application/octet-stream e.com
  printf -- '--outer--\n'
}
mk_uu() { printf 'From: a@example.com\nSubject: uuencoded\n\nhere it is:\n\n'; uu e.com; printf '\nbye\n'; }

eicar > "$QSQ_TMP/e.com"
(cd "$QSQ_TMP" && rm -f e.zip && zip -q e.zip e.com)
mk_plain > "$M/inf-plain"
eicar | mk_attach application/octet-stream e.com > "$M/inf-base64"
mk_attach application/zip e.zip < "$QSQ_TMP/e.zip" > "$M/inf-zip"
eicar | mk_nested > "$M/inf-nested"
eicar | mk_uu > "$M/inf-uu"
printf 'Subject: marker\n\nQSCANQ-TEST-MARKER-7f3a9c\n' > "$M/inf-marker"
for f in clam.mail clam.exe.mbox.base64 clam.exe.mbox.uu; do
  cp "/usr/share/clamav-testfiles/$f" "$M/inf-testfiles-$f"
done

# clean mail of our own: empty, no final newline, NULs, 8-bit, CRLF, long line
: > "$M/clean-empty"
printf 'Subject: x\n\nno final newline' > "$M/clean-nonl"
printf 'Subject: nul\n\na\0b\0c\n' > "$M/clean-nul"
printf 'Subject: 8bit\n\n\303\251t\303\251 \377\376\n' > "$M/clean-8bit"
printf 'Subject: crlf\r\n\r\nline\r\n' > "$M/clean-crlf"
{ printf 'Subject: long\n\n'; head -c 300000 /dev/zero | tr '\0' 'x'; printf '\n'; } > "$M/clean-longline"
head -c 200000 /dev/urandom | b64 | mk_attach application/octet-stream random.bin > "$M/clean-random"
PYDATA=/usr/lib/python3.11/test/test_email/data
npy=0
for f in "$PYDATA"/*; do
  [ -f "$f" ] || continue
  cp "$f" "$M/py-$(basename "$f")" && npy=$((npy + 1))
done
chmod 644 "$M"/*
[ "$npy" -gt 50 ] && ok "python email test data present ($npy files)" || bad "python email test data missing ($npy files)"

# ---- delivery through the smtpd stand-in
# deliver USER QMAILQUEUE MSG [ENV]: sets REPLY, CODE, and the log in $LOGF
LOGF=$QSQ_TMP/qscanq.log
deliver() {
  _u=$1 _prog=$2 _msg=$3 _env=${4:-$M/env}
  _out=$(setpriv --reuid="$_u" --regid="$_u" --clear-groups \
    env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$_prog" "$_msg" "$_env" 2> "$LOGF")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
queued() { ls "$Q" | grep -c '\.info$'; }
newqueue() { rm -rf "$Q"; mkdir -p "$Q" && chmod 777 "$Q"; }

# clean_and_infected NAME: the same end-to-end results, whatever the scanner
clean_and_infected() {
  _n=$1
  _bad=0 _count=0
  for f in "$M"/clean-* "$M"/py-*; do
    newqueue
    deliver qsqa "$H/bin/qscanq" "$f"
    _count=$((_count + 1))
    if [ "$REPLY" != "250 ok" ] || [ "$(queued)" != 1 ] ||
       ! cmp -s "$f" "$Q"/*.msg || ! cmp -s "$M/env" "$Q"/*.env; then
      _bad=$((_bad + 1)); echo "  $_n: $(basename "$f"): $REPLY $CODE"; sed 's/^/    /' "$LOGF" | head -5
    fi
  done
  expect_eq "$_n: $_count clean messages queued byte for byte with their envelopes" "$_bad" 0
  for f in "$M"/inf-*; do
    newqueue
    deliver qsqa "$H/bin/qscanq" "$f"
    expect_eq "$_n: $(basename "$f") refused" "$REPLY/$(queued)" "554 mail server permanently rejected message (#5.3.0)/0"
  done
  grep -q 'FOUND' "$LOGF" && ok "$_n: the scanner's FOUND line reaches the log" || bad "$_n: no FOUND line in the log"
}

# ==== 1, 2: clamscan
sandbox scan "/usr/bin/clamscan -d $DB $ARGS ." 30 || { bad "sandbox scan"; finish; exit 1; }
Q=$S/queue
clean_and_infected clamscan

newqueue
deliver qsqa "$H/bin/qscanq" "$M/inf-base64"
grep -q 'scanner: \./1[.0-9]*: Qscanq.Test.Eicar' "$LOGF" &&
  ok "an unpacked part is scanned, not only the raw copy" || { bad "no part of reformime's found"; cat "$LOGF"; }
grep -q "refused (31): virus found" "$LOGF" && ok "one log line says why" || bad "no verdict line"
grep -q "uid $(id -u qsqa)" "$LOGF" && ok "the log line has the caller's uid" || bad "no uid in the log line"

# ==== 5: run-cleanq: what qscanq hands it, and the reply does not wait for it
# tests/fake/probe in its place reports on its fd 2 (the caller's) its ids,
# descriptors, current folder and environment, then stays. The caller
# leaves fds 7 and 9 open.
cp "$S/src/tests/fake/probe" "$H/bin/run-cleanq" && chmod 755 "$H/bin/run-cleanq"
newqueue
if timeout 30 setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 \
    "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean-8bit" "$M/env" > "$QSQ_TMP/out" 2>&1 7< /dev/null 9< /dev/null; then
  ok "the reply arrives while run-cleanq is still running"
else
  bad "the reply waited for run-cleanq (or failed): $(cat "$QSQ_TMP/out")"
fi
for i in $(seq 1 100); do grep -q '^probe: env ' "$QSQ_TMP/out" && break; sleep 0.1; done
grep '^probe: ' "$QSQ_TMP/out" | sed 's/^/# run-cleanq got: /'
probe() { sed -n "s/^probe: $1 //p" "$QSQ_TMP/out"; }
a=$(id -u qsqa) g=$(id -g qsqa)
expect_eq "run-cleanq runs as the caller: real, effective and saved uid (and gids, before its own setgid)" \
  "$(probe ids)" "$a $a $a $g $g $g"
expect_eq "run-cleanq holds fd 2 only (for its one error line), none of the caller's others" "$(probe fds)" 2
expect_eq "run-cleanq runs in /, not in the working folder" "$(probe cwd)" /
expect_eq "run-cleanq gets an empty environment" "$(probe env)" 0
pid=$(probe pid)
[ -n "$pid" ] && kill "$pid" 2>/dev/null
rm -f "$H/bin/run-cleanq"

# ==== 6: the loop guard
newqueue
mv "$H/qscanq/qmail-queue" "$H/qscanq/qmail-queue.save"
ln -s ../bin/qscanq "$H/qscanq/qmail-queue"
deliver qsqa "$H/bin/qscanq" "$M/clean-8bit"
expect_eq "qscanq/qmail-queue leading back to qscanq: deferred" "$REPLY/$CODE/$(queued)" "451 mail server temporarily rejected message (#4.3.0)/exit 71/0"
grep -q "leads back to qscanq" "$LOGF" && ok "the log says why" || { bad "the loop guard says nothing"; cat "$LOGF"; }
rm "$H/qscanq/qmail-queue"
ln -s qscanq "$H/bin/qmail-queue.wrapped"
ln -s ../bin/qmail-queue.wrapped "$H/qscanq/qmail-queue"
deliver qsqa "$H/bin/qscanq" "$M/clean-8bit"
expect_eq "a chain of links back to qscanq: deferred" "$CODE/$(queued)" "exit 71/0"
rm "$H/qscanq/qmail-queue" "$H/bin/qmail-queue.wrapped"
mv "$H/qscanq/qmail-queue.save" "$H/qscanq/qmail-queue"

# ==== 3: the exit-code table, through the stand-in, with qmail-smtpd's words
for pair in "11:554 envelope address too long for qq (#5.1.3)" "54:451 qq read error (#4.3.0)" \
            "91:451 qq internal bug (#4.3.0)" "53:451 qq write error or disk full (#4.3.0)" \
            "35:554 qq permanent problem (#5.3.0)" "77:451 qq temporary problem (#4.3.0)"; do
  code=${pair%%:*}
  newqueue
  echo "$code" > "$Q/exitcode"
  deliver qsqa "$H/bin/qscanq" "$M/clean-8bit"
  expect_eq "the queue's own $code is passed through" "$REPLY/$CODE" "${pair#*:}/exit $code"
done
newqueue
printf 'Xsender\0Trcpt\0\0' > "$M/env-badfirst"
{ printf 'F'; head -c 1003 /dev/zero | tr '\0' a; printf '\0Trcpt\0\0'; } > "$M/env-long"
printf 'Fsender\0Trcpt\0' > "$M/env-short"
chmod 644 "$M"/env-*
deliver qsqa "$H/bin/qscanq" "$M/clean-8bit" "$M/env-badfirst"
expect_eq "a bad first envelope byte: the queue's 91" "$CODE/$(queued)" "exit 91/0"
deliver qsqa "$H/bin/qscanq" "$M/clean-8bit" "$M/env-long"
expect_eq "an address of 1003 bytes: the queue's 11" "$REPLY/$(queued)" "554 envelope address too long for qq (#5.1.3)/0"
deliver qsqa "$H/bin/qscanq" "$M/clean-8bit" "$M/env-short"
expect_eq "an envelope cut short (no final NUL): 54, nothing queued" "$REPLY/$(queued)" "451 qq read error (#4.3.0)/0"

newqueue
setpriv --reuid=qsqa --regid=qsqa --clear-groups sh -c "ulimit -f 8; exec env STANDIN_QUEUE=$Q $S/src/tests/fake/qmail-smtpd $H $H/bin/qscanq $M/clean-random $M/env" > "$QSQ_TMP/out" 2> "$LOGF"
expect_eq "a write error on the copy (RLIMIT_FSIZE): 53" "$(head -n 2 "$QSQ_TMP/out" | tr '\n' /)$(queued)" "451 qq write error or disk full (#4.3.0)/exit 53/0"
grep -q "unable to write the copy" "$LOGF" && ok "the log says the copy could not be written" || { bad "no log line for 53"; cat "$LOGF"; }

newqueue
# RLIMIT_NPROC counts the caller's processes: the stand-in's fork of qscanq
# may pass, qscanq's own fork must fail.
# qsqc runs nothing else (zombies count too, so count them all).
nproc=$(( $(ps -U qsqc -o pid= | wc -l) + 2 ))
setpriv --reuid=qsqc --regid=qsqc --clear-groups prlimit --nproc=$nproc:$nproc env STANDIN_QUEUE="$Q" \
  "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean-8bit" "$M/env" > "$QSQ_TMP/out" 2> "$LOGF"
expect_eq "fork failure (RLIMIT_NPROC for the caller): 71, never 0" "$(head -n 2 "$QSQ_TMP/out" | tr '\n' /)$(queued)" "451 mail server temporarily rejected message (#4.3.0)/exit 71/0"
expect_eq "fork failure: the unused folder is marked done at once" "$(find "$H/qscanq/spool" -mindepth 1 -maxdepth 1 -perm -1000 | wc -l)" 0

# the signal state qmail-queue starts with
newqueue
deliver qsqa "$H/bin/qscanq" "$M/clean-8bit"
sigs=$(cat "$Q"/*.sig)
case "$sigs" in
  "alarm=0 blocked=none ignored="*) ok "qmail-queue starts with no alarm and no signal blocked ($sigs)" ;;
  *) bad "qmail-queue inherits signal state: $sigs" ;;
esac
case "$sigs" in *ignored=*14*) bad "SIGALRM ignored across exec" ;; *) ok "SIGALRM not ignored across exec" ;; esac
info=$(cat "$Q"/*.info)
expect_eq "qmail-queue runs with the caller's real uid (for its Received line)" "$info" "uid=$(id -u qsqa) euid=$(id -u qsqa)"

# fds 0, 1 or 2 closed
newqueue
setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" \
  "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/clean-8bit" "$M/env" > "$QSQ_TMP/out" 2>&-
expect_eq "fd 2 closed: clean mail still queued" "$(head -n 1 "$QSQ_TMP/out")/$(queued)" "250 ok/1"
cmp -s "$M/clean-8bit" "$Q"/*.msg && ok "fd 2 closed: the copy is unharmed" || bad "fd 2 closed: the copy differs"
newqueue
setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" \
  "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/inf-plain" "$M/env" > "$QSQ_TMP/out" 2>&-
expect_eq "fd 2 closed: infected mail still refused" "$(head -n 1 "$QSQ_TMP/out")/$(queued)" "554 mail server permanently rejected message (#5.3.0)/0"
newqueue
(cd "$H" && setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" "$H/bin/qscanq" 0<&- 1< "$M/env" 2> "$LOGF")
expect_eq "fd 0 closed: 54, nothing queued" "$?/$(queued)" "54/0"
grep -q "fd 0 (the message) is closed or not readable" "$LOGF" && ok "fd 0 closed: the log says so" || bad "fd 0 closed: no log line"
(cd "$H" && setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" "$H/bin/qscanq" < "$M/clean-8bit" 1>&- 2> "$LOGF")
expect_eq "fd 1 closed: 54, nothing queued" "$?/$(queued)" "54/0"

# the environment changes no path and no program
EVIL=$QSQ_TMP/evil
mkdir -p "$EVIL" && chmod 777 "$EVIL"
for p in clamscan clamdscan reformime qmail-queue qscanq-stdin sh; do
  printf '#!/bin/sh\ntouch %s/pwned\nexit 0\n' "$EVIL" > "$EVIL/$p"; chmod 755 "$EVIL/$p"
done
rm -f "$EVIL/pwned"
for f in "$M/clean-8bit" "$M/inf-base64"; do
  newqueue
  setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" SCANDIR="$EVIL" PATH="$EVIL" IFS=/ \
    QMAILQUEUE="$EVIL/qmail-queue" TMPDIR="$EVIL" HOME="$EVIL" CLAMAV_HOME="$EVIL" LD_LIBRARY_PATH="$EVIL" \
    "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$f" "$M/env" > "$QSQ_TMP/out" 2> "$LOGF"
  case $f in *inf*) want="554 mail server permanently rejected message (#5.3.0)/0" ;; *) want="250 ok/1" ;; esac
  expect_eq "hostile environment: $(basename "$f") handled as usual" "$(head -n 1 "$QSQ_TMP/out")/$(queued)" "$want"
done
[ ! -e "$EVIL/pwned" ] && ok "hostile environment: no program from it ran" || bad "a program from the environment ran"
[ -z "$(ls "$EVIL" | grep -v -e clamscan -e clamdscan -e reformime -e qmail-queue -e qscanq-stdin -e '^sh$')" ] &&
  ok "hostile environment: nothing written into SCANDIR/TMPDIR/HOME" || bad "files appeared in the hostile folder: $(ls "$EVIL")"

# ==== 3 and 4 with test scanners: the fault sandbox
MODE=$QSQ_TMP/fault-mode
FS=$QSQ_TMP/fault-scanner
cat > "$FS" <<EOF
#!/bin/sh
# a test scanner: what it does is in $MODE
case \$(cat $MODE) in
  clean) exit 0 ;;
  exit2) echo "ERROR: test scanner failing on purpose"; exit 2 ;;
  crash) kill -SEGV \$\$ ;;
  hang) exec sleep 1000 ;;
  ids) grep -E '^(Uid|Gid):' /proc/self/status > $R/ids; env > $R/env; ls -a > $R/ls; exit 0 ;;
  nodb) exec /usr/bin/clamscan -d $QSQ_TMP/no-such-db $ARGS . ;;
  notmp) chmod 0 ../tmp; exec /usr/bin/clamscan -d $DB $ARGS . ;;
  crashparent) kill -SEGV \$PPID; exit 0 ;;
  wait) touch $R/started; while [ ! -e $R/go ]; do sleep 0.05; done; exit 0 ;;
esac
exit 3
EOF
chmod 755 "$FS"
echo clean > "$MODE"; chmod 644 "$MODE"
sandbox fault "$FS" 3 || { bad "sandbox fault"; finish; exit 1; }
Q=$S/queue

fault() { # fault MODE WANT-REPLY WANT-CODE DESC
  echo "$1" > "$MODE"
  newqueue
  deliver qsqa "$H/bin/qscanq" "$M/inf-plain"
  expect_eq "$4" "$REPLY/$CODE/$(queued)" "$2/$3/0"
}
T451="451 mail server temporarily rejected message (#4.3.0)"
fault exit2 "$T451" "exit 71" "scanner exit 2: deferred"
grep -q "scanner: ERROR: test scanner failing on purpose" "$LOGF" && ok "the scanner's own words reach the log" || bad "scanner output lost"
fault crash "$T451" "exit 71" "scanner crash: deferred"
fault hang "$T451" "exit 71" "scanner hang past conf-timeout: deferred"
grep -q "ran out of time" "$LOGF" && ok "timeout: the log says so" || bad "timeout: no log line"
pgrep -u qsqa -f "sleep 1000" > /dev/null && bad "the hung scanner survived" || ok "the hung scanner was killed"
fault nodb "$T451" "exit 71" "missing signature database (real clamscan): deferred"
fault notmp "$T451" "exit 71" "unwritable scanner temp folder (real clamscan says OK): deferred"
grep -q "said clean but reported an error" "$LOGF" && ok "unwritable temp folder: the log says why" || { bad "unwritable temp: no log line"; cat "$LOGF"; }
fault crashparent "451 qq internal bug (#4.3.0)" "exit 81" "a crash of qscanq-stdin: 81"

# 4: privileges
echo ids > "$MODE"
newqueue
rm -f "$R/ids" "$R/env"
deliver qsqb "$H/bin/qscanq" "$M/clean-8bit"
ub=$(id -u qsqb)
expect_eq "the scanner's real, effective, saved and fs uids are all the caller's" \
  "$(grep '^Uid:' "$R/ids" | awk '{print $2, $3, $4, $5}')" "$ub $ub $ub $ub"
expect_eq "the scanner's environment is fixed" "$(grep -E '^(PATH|TMPDIR)=' "$R/env" | sort | tr '\n' ' ')" "PATH=/usr/bin:/bin TMPDIR=../tmp "
grep -q '^msg$' "$R/ls" && ok "the scanner's folder holds the raw copy" || bad "no msg in the scan folder"
info=$(cat "$Q"/*.info 2>/dev/null)
expect_eq "clean mail queued as the caller" "$REPLY/$info" "250 ok/uid=$ub euid=$ub"

echo wait > "$MODE"
rm -f "$R/started" "$R/go"
rm -rf "$H"/qscanq/spool/@*   # the crash above left its folder for cleanq
newqueue
( deliver qsqa "$H/bin/qscanq" "$M/clean-8bit"; echo "$REPLY" > "$R/reply" ) &
for i in $(seq 1 200); do [ -e "$R/started" ] && break; sleep 0.05; done
[ -e "$R/started" ] && ok "the scan is running" || bad "the scanner never started"
work=$(ls -d "$H"/qscanq/spool/@*/work | head -n 1)
setpriv --reuid=qsqc --regid=qsqc --clear-groups ls "$H/qscanq/spool" > /dev/null 2>&1 &&
  bad "an outsider can list the spool" || ok "an outsider cannot list the spool"
setpriv --reuid=qsqc --regid=qsqc --clear-groups cat "$work/msg" > /dev/null 2>&1 &&
  bad "an outsider can read the message during the scan" || ok "an outsider cannot read the message during the scan"
setpriv --reuid=qsqb --regid=qsqb --clear-groups cat "$work/msg" > /dev/null 2>&1 &&
  bad "another caller can read the message during the scan" || ok "another caller cannot read the message during the scan"
sticky=$(find "$H/qscanq/spool" -mindepth 1 -maxdepth 1 -perm -1000 | wc -l)
expect_eq "the working folder is marked in use during the scan" "$sticky" 1
touch "$R/go"
wait
expect_eq "the scan finishes after the outsider's attempts" "$(cat "$R/reply")" "250 ok"
expect_eq "no folder is left marked in use" "$(find "$H/qscanq/spool" -mindepth 1 -maxdepth 1 -perm -1000 | wc -l)" 0
left=$(find "$H/qscanq/spool" -mindepth 3 | wc -l)
expect_eq "qscanq-stdin leaves work/ empty" "$left" 0

# ==== 7: clamdscan --fdpass against a private clamd
CD=$QSQ_TMP/clamd-private
mkdir -p "$CD"
if clamd_start "$CD" "$DB"; then ok "private clamd started"; else bad "private clamd did not start"; fi
sandbox clamd "/usr/bin/clamdscan --config-file=$CD/clamd.conf --fdpass --infected --no-summary /proc/self/cwd/." 30 || { bad "sandbox clamd"; finish; exit 1; }
Q=$S/queue
clean_and_infected clamdscan
clamd_stop "$CD"
newqueue
deliver qsqa "$H/bin/qscanq" "$M/clean-8bit"
expect_eq "clamd down: deferred, never queued" "$REPLY/$CODE/$(queued)" "$T451/exit 71/0"

# ==== 8: 200 messages from 10 parallel callers (clamscan)
sandbox scan "/usr/bin/clamscan -d $DB $ARGS ." 30
Q=$S/queue
newqueue
P=$QSQ_TMP/parallel
rm -rf "$P"; mkdir -p "$P" && chmod 755 "$P"
for c in $(seq 1 10); do
  (
    for i in $(seq 1 20); do
      n=$c.$i
      f=$P/m$n
      if [ $((i % 4)) = 0 ]; then
        { printf 'Subject: infected %s\n\n' "$n"; eicar; } > "$f"
      else
        printf 'Subject: clean %s\nMessage-Id: <%s@test>\n\nbody %s\n' "$n" "$n" "$n" > "$f"
      fi
      chmod 644 "$f"
      u=qsqa; [ $((c % 2)) = 0 ] && u=qsqb
      out=$(setpriv --reuid=$u --regid=$u --clear-groups env STANDIN_QUEUE="$Q" \
        "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$f" "$M/env" 2>/dev/null | head -n 1)
      echo "$n $out" >> "$P/replies.$c"
    done
  ) &
done
wait
cat "$P"/replies.* > "$P/replies"
expect_eq "200 replies" "$(wc -l < "$P/replies")" 200
expect_eq "150 clean accepted" "$(grep -c ' 250 ok$' "$P/replies")" 150
expect_eq "50 infected refused" "$(grep -c ' 554 mail server permanently rejected' "$P/replies")" 50
expect_eq "150 queued" "$(queued)" 150
dups=$(cat "$Q"/*.msg | grep '^Message-Id:' | sort | uniq -d | wc -l)
expect_eq "no clean message queued twice" "$dups" 0
expect_eq "no infected message queued" "$(cat "$Q"/*.msg | grep -c '^Subject: infected')" 0
expect_eq "no folder left marked in use" "$(find "$H/qscanq/spool" -mindepth 1 -maxdepth 1 -perm -1000 | wc -l)" 0

finish
