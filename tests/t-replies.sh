#!/bin/sh
# tests/t-replies.sh (issue 11): the reply on fd 6 that notqmail's
# qmail-smtpd reads at exit 82, and today's codes for every other caller;
# one summary line per message (1,000 of them from parallel callers, none
# lost or doubled, their pids those the stand-ins record); at most 20
# relayed scanner lines; the verdict in cleanq's log (real supervise and
# multilog) when the caller's fd 2 leads nowhere; install-wrap's policy
# for a bounce of qmail-send's that the scan refuses.
. "$(dirname "$0")/lib.sh"

SCN=$QSQ_TMP/replies-scanner
# a command-form scanner, driven by markers in the message copy
cat > "$SCN" <<'EOF'
#!/bin/sh
if grep -q REPLIES-HANG msg; then sleep 100; fi
if grep -q REPLIES-FAIL msg; then echo "ERROR: cannot scan"; exit 2; fi
if grep -q REPLIES-LIMITS msg; then echo "./msg: Heuristics.Limits.Exceeded.MaxFileSize FOUND"; exit 1; fi
if grep -q REPLIES-HOSTILE1 msg; then printf './msg: Evil\033[2J\r250 ok\t"$(x) FOUND\n'; exit 1; fi
if grep -q REPLIES-HOSTILE2 msg; then printf './msg: Evil\r\n250 ok FOUND\n'; exit 1; fi
if grep -q REPLIES-HOSTILE3 msg; then printf './msg: '; head -c 10240 /dev/zero | tr '\0' E; printf ' FOUND\n'; exit 1; fi
if grep -q REPLIES-HOSTILE4 msg; then printf './msg: '; head -c 300 /dev/zero | tr '\0' E; printf ' FOUND\n'; exit 1; fi
if grep -q REPLIES-MANY msg; then
  i=0; while [ $i -lt 3000 ]; do echo "./part$i: Test.Many-$i FOUND"; i=$((i + 1)); done; exit 1
fi
if grep -q REPLIES-VIRUS msg; then echo "./msg: Test.Virus-1 FOUND"; exit 1; fi
exit 0
EOF
chmod 755 "$SCN"
TIMEOUT=4

# qsqb stands for qmails, qmail-send's user (conf-users line 3)
QSQ_QMAIL=notqmail QSQ_SENDUSER=qsqb sandbox replies-n "$SCN" $TIMEOUT || { bad "sandbox replies-n"; finish; exit 1; }
HN=$H SN=$S
QSQ_QMAIL=qmail sandbox replies-q "$SCN" $TIMEOUT || { bad "sandbox replies-q"; finish; exit 1; }
HQ=$H SQ=$S
H=$HN S=$SN

M=$QSQ_TMP/replies-msgs
O=$QSQ_TMP/replies-out
Q=$O/queue
rm -rf "$M" "$O" && mkdir -p "$M" "$O" "$Q" && chmod 755 "$M" && chmod 1777 "$O" && chmod 777 "$Q" || exit 1
SMTPD=$SN/src/tests/fake/qmail-smtpd
T451="451 mail server temporarily rejected message (#4.3.0)"
T554="554 mail server permanently rejected message (#5.3.0)"
ID='@[0-9a-f]{24}\.[0-9a-f]+\.[0-9]+'

printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
for m in CLEAN VIRUS FAIL HANG LIMITS HOSTILE1 HOSTILE2 HOSTILE3 HOSTILE4 MANY; do
  printf 'Subject: %s\n\nREPLIES-%s\n' "$m" "$m" > "$M/$m"
done
{ printf 'Subject: ct\nContent-Type: multipart/mixed; boundary="b"; x="'; head -c 1000000 /dev/zero | tr '\0' y
  printf '"\n\n--b\n\nhi\n--b--\n'; } > "$M/UNPACK"
head -c 20000 /dev/zero | tr '\0' x | sed 's/.\{70\}/&\n/g' | { printf 'Subject: big\n\n'; cat; } > "$M/BIG"
chmod 644 "$M"/*

queued() { ls "$Q" | grep -c '\.info$'; }
asuser() { _u=$1; shift; setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"; }
# deliver USER HOME MSG [ENV=VALUE...]: through the stand-in qmail-smtpd;
# REPLY, CODE (its second line), LOG (qscanq's fd 2); fd 6 as the caller's
deliver() {
  _u=$1 _h=$2 _m=$3; shift 3
  _out=$(asuser "$_u" env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 "$@" "$SMTPD" "$_h" "$_h/bin/qscanq" "$M/$_m" "$M/env" 2> "$O/log")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
  LOG=$(cat "$O/log")
}
summary() { grep -E "^qscanq: $ID uid [0-9]+: summary: " "$O/log"; }
replyid() { printf '%s\n' "$REPLY" | sed -n 's/.*, ref \(@[0-9a-f.]*\) (#.*/\1/p'; }
# the reply names the ID that the summary line carries
sameid() { _i=$(replyid); [ -n "$_i" ] && summary | grep -q "^qscanq: $_i uid "; }

# ==== notqmail, fd 6 a pipe: the reason in the reply
deliver qsqa "$HN" CLEAN
expect_eq "clean: 250, queued" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/1"
check "clean: one summary line, queued 0, the ip, a queue pid, the size" sh -c "[ \$(grep -c ' summary: ' '$O/log') = 1 ] && grep -qE ' summary: queued 0 smtpd [0-9]+ qp [0-9]+ queue [0-9]+ ms [0-9]+ ip 192\.0\.2\.7 bytes $(wc -c < "$M/CLEAN") parts 1 scanner replies-scanner: clean$' '$O/log'"

deliver qsqa "$HN" VIRUS
check "virus: 554 with the virus name and the ID ($REPLY)" sh -c "printf '%s\n' '$REPLY' | grep -qxE '554 virus found: Test\.Virus-1; message refused, ref $ID \(#5\.7\.1\)'"
expect_eq "virus: exit 82, nothing queued" "$CODE/$(queued)" "exit 82/1"
check "virus: the reply's ID is the summary's" sameid
check "virus: the summary says refused 82 and names it" sh -c "grep -qE ' summary: refused 82 smtpd [0-9]+ qp [0-9]+ queue - .* virus found: Test\.Virus-1$' '$O/log'"

deliver qsqa "$HN" LIMITS
check "beyond the scanner's limits: 554 that says so ($REPLY)" sh -c "printf '%s\n' \"\$1\" | grep -qxE \"554 beyond the virus scanner's limits, cannot be scanned: Heuristics\.Limits\.Exceeded\.MaxFileSize; message refused, ref $ID \(#5\.3\.4\)\"" - "$REPLY"
check "... the ID is the summary's" sameid
deliver qsqa "$HN" UNPACK
check "beyond the unpacker's limits: 554 that says so ($REPLY)" sh -c "printf '%s\n' \"\$1\" | grep -qxE \"554 beyond the unpacker's limits, cannot be scanned; message refused, ref $ID \(#5\.3\.4\)\"" - "$REPLY"
check "... the ID is the summary's" sameid

deliver qsqa "$HN" FAIL
check "the scanner fails: 451 that says so ($REPLY)" sh -c "printf '%s\n' '$REPLY' | grep -qxE '451 the virus scanner is unavailable; try again later, ref $ID \(#4\.3\.0\)'"
check "... the summary says deferred 82" grep -q ' summary: deferred 82 ' "$O/log"
check "... and the reply's ID is the summary's" sameid
deliver qsqa "$HN" HANG
check "the scan runs out of time: 451 that says so ($REPLY)" sh -c "printf '%s\n' '$REPLY' | grep -qxE '451 the virus scan ran out of time; try again later, ref $ID \(#4\.3\.0\)'"
check "... the ID is the summary's" sameid
# a file size limit: the copy cannot be written (53)
_out=$(asuser qsqa sh -c "ulimit -f 8; exec env STANDIN_QUEUE='$Q' '$SMTPD' '$HN' '$HN/bin/qscanq' '$M/BIG' '$M/env'" 2> "$O/log")
REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
check "no room for the copy: 451 that says so ($REPLY)" sh -c "printf '%s\n' '$REPLY' | grep -qxE '451 no disk space for the virus scan; try again later, ref $ID \(#4\.3\.1\)'"
check "... the ID is the summary's" sameid
# the real qmail-queue is missing
mv "$HN/qscanq/qmail-queue" "$HN/qscanq/qmail-queue.away"
deliver qsqa "$HN" CLEAN
mv "$HN/qscanq/qmail-queue.away" "$HN/qscanq/qmail-queue"
check "no real qmail-queue: 451 that says so ($REPLY)" sh -c "printf '%s\n' '$REPLY' | grep -qxE '451 the mail queue is unavailable; try again later, ref $ID \(#4\.3\.0\)'"
check "... the ID is the summary's" sameid
# fd 0 a folder: the message cannot be read (54); a notqmail caller by hand
rm -f "$O/fifo" && mkfifo -m 666 "$O/fifo"
cat "$O/fifo" > "$O/fd6" &
cpid=$!
(cd "$HN" && asuser qsqa "$HN/bin/qscanq" < "$M" 1< "$M/env" 6> "$O/fifo" 2> "$O/log")
code=$?
wait $cpid
REPLY=$(cat "$O/fd6")
expect_eq "the message unreadable: exit 82" "$code" 82
check "... Z and a text that says so ($REPLY)" sh -c "printf '%s\n' '$REPLY' | grep -qxE 'Zunable to read the message; try again later, ref $ID \(#4\.3\.0\)'"

# ==== no message byte in a reply: hostile names from the scanner
for h in HOSTILE1 HOSTILE2 HOSTILE3 HOSTILE4; do
  deliver qsqa "$HN" $h
  case $REPLY in
    "554 virus found: "*) ok "$h: 554 virus found" ;;
    *) bad "$h: not a 554 virus reply: $REPLY" ;;
  esac
  n=$(printf '%s' "$REPLY" | wc -c)
  check "$h: the reply is one printable line of at most 4 + 254 bytes ($n)" sh -c "[ $n -le 258 ] && [ \$(printf '%s\n' \"\$1\" | wc -l) = 1 ] && ! printf '%s' \"\$1\" | LC_ALL=C grep -q '[^ -~]'" - "$REPLY"
  check "$h: no '250 ok', no quote, no \$( in it" sh -c "! printf '%s' \"\$1\" | grep -qe '250 ok' -e '\"' -e '\$('" - "$REPLY"
  check "$h: the ID survives" sameid
  expect_eq "$h: the stand-in's output is two lines" "$(printf '%s\n' "$_out" | wc -l)" 2
done
expect_eq "a name with control characters and CR: cut to the name alphabet" "$(deliver qsqa "$HN" HOSTILE1; printf '%s' "$REPLY" | sed 's/;.*//')" '554 virus found: Evil??2J?250?ok????x?'
expect_eq "a 300-byte name: cut at 64 and marked" "$(deliver qsqa "$HN" HOSTILE4; printf '%s' "$REPLY" | sed 's/;.*//')" "554 virus found: $(head -c 64 /dev/zero | tr '\0' E)..."

# ==== callers without the channel: today's codes, and fd 6 untouched
# notqmail build, qmail 1.03 caller: fd 6 a file, a terminal, closed
for how in file pty closed; do
  rm -f "$O/fd6"
  : > "$O/fd6" && chmod 666 "$O/fd6"
  for m in VIRUS FAIL CLEAN; do
    case $how in
      file) out=$(asuser qsqa env STANDIN_SMTPD=qmail STANDIN_QUEUE="$Q" "$SMTPD" "$HN" "$HN/bin/qscanq" "$M/$m" "$M/env" 6>> "$O/fd6" 2> "$O/log") ;;
      closed) out=$(asuser qsqa env STANDIN_SMTPD=qmail STANDIN_QUEUE="$Q" "$SMTPD" "$HN" "$HN/bin/qscanq" "$M/$m" "$M/env" 6>&- 2> "$O/log") ;;
      pty) out=$(python3 - "$O/fd6" asuser qsqa env STANDIN_SMTPD=qmail STANDIN_QUEUE="$Q" "$SMTPD" "$HN" "$HN/bin/qscanq" "$M/$m" "$M/env" 2> "$O/log" <<'PY'
import os, pty, sys, subprocess
# the caller's fd 6 is the terminal's slave side; what lands there is
# read back from the master side
m, s = pty.openpty()
os.dup2(s, 6)
os.close(s)
cmd = sys.argv[2:]
if cmd[0] == 'asuser':
    cmd = ['setpriv', '--reuid=' + cmd[1], '--regid=' + cmd[1], '--clear-groups'] + cmd[2:]
p = subprocess.run(cmd, pass_fds=(6,), stdout=subprocess.PIPE)
os.close(6)
os.set_blocking(m, False)
try:
    got = os.read(m, 4096)
except (BlockingIOError, OSError):
    got = b''
open(sys.argv[1], 'ab').write(got)
sys.stdout.write(p.stdout.decode())
PY
) ;;
    esac
    r=$(printf '%s\n' "$out" | sed -n 1p)
    case $m in
      VIRUS) expect_eq "qmail 1.03 caller, fd 6 $how: virus: today's 554" "$r" "$T554" ;;
      FAIL) expect_eq "qmail 1.03 caller, fd 6 $how: scanner failed: today's 451" "$r" "$T451" ;;
      CLEAN) expect_eq "qmail 1.03 caller, fd 6 $how: clean: 250" "$r" "250 ok" ;;
    esac
  done
  expect_eq "fd 6 $how: nothing written to it" "$(wc -c < "$O/fd6")" 0
done
# a qmail build under a notqmail caller (fd 6 a pipe): today's codes
deliver qsqa "$HQ" VIRUS
expect_eq "conf-qmail qmail, fd 6 a pipe: virus: today's 554, exit 31" "$REPLY/$CODE" "$T554/exit 31"
deliver qsqa "$HQ" FAIL
expect_eq "conf-qmail qmail: scanner failed: today's 451, exit 71" "$REPLY/$CODE" "$T451/exit 71"
check "... and the summary line is there all the same" sh -c "grep -qE ' summary: deferred 71 .* the virus scanner is unavailable$' '$O/log'"

# ==== 3,000 infected parts: 20 scanner lines and one line for the rest
deliver qsqa "$HN" MANY
expect_eq "3,000 finds: 20 scanner lines relayed" "$(grep -c ': scanner: ' "$O/log")" 20
check "... then one line with the count of the rest" grep -qE "^qscanq: $ID uid [0-9]+ ip 192\.0\.2\.7: 2980 more scanner lines not shown$" "$O/log"
expect_eq "... the whole log is small" "$(($(wc -c < "$O/log") < 5000))" 1
check "... the reply names the first find" sh -c "printf '%s\n' '$REPLY' | grep -q '^554 virus found: Test\.Many-0;'"

# ==== install-wrap's bounce policy: qsqb stands for qmails
B=$HN/bin/qmail-queue
"$HN/bin/install-wrap" > "$O/wrap.out" 2>&1
expect_eq "install-wrap: bin/qmail-queue runs qscanq" "$(readlink "$B")" qscanq
# bounce: what qmail-send's qmail_open runs, bin/qmail-queue, as qmails
bounce() {
  _m=$1; shift
  _out=$(asuser qsqb env STANDIN_QUEUE="$Q" "$@" "$SMTPD" "$HN" "$B" "$M/$_m" "$M/env" 2> "$O/log")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
n=$(queued)
bounce VIRUS
expect_eq "qmail-send's bounce with a virus: accepted (exit 0), not queued: dropped" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/$n"
check "... a loud line says so" grep -qE "^qscanq: $ID uid [0-9]+: warning: a bounce from qmail-send was refused for good: dropped" "$O/log"
check "... and the summary says dropped" grep -qE ' summary: dropped 0 .* virus found: Test\.Virus-1; a bounce from qmail-send, dropped' "$O/log"
bounce VIRUS STANDIN_SMTPD=qmail
expect_eq "the same through a qmail 1.03 qmail-send (no fd 6): dropped too" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/$n"
bounce UNPACK
expect_eq "a bounce beyond the unpacker's limits: dropped" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/$n"
bounce FAIL
case $REPLY in 451*) ok "a bounce the scanner could not decide: deferred (qmail-send retries it)" ;; *) bad "bounce FAIL: $REPLY" ;; esac
expect_eq "... not queued" "$(queued)" "$n"
bounce CLEAN
expect_eq "a clean bounce: scanned and queued" "$REPLY/$(queued)" "250 ok/$((n + 1))"
out=$(asuser qsqa env STANDIN_QUEUE="$Q" "$SMTPD" "$HN" "$B" "$M/VIRUS" "$M/env" 2> /dev/null | sed -n 1p)
case $out in "554 virus found:"*) ok "another user's virus through the wrap: still refused (554)" ;; *) bad "qsqa through the wrap: $out" ;; esac
out=$(asuser qsqb env QMAILQUEUE=x STANDIN_QUEUE="$Q" TCPREMOTEIP=1.2.3.4 "$SMTPD" "$HN" "$B" "$M/VIRUS" "$M/env" 2> /dev/null | sed -n 1p)
expect_eq "... the environment changes nothing for qmails" "$out/$(queued)" "250 ok/$((n + 1))"
"$HN/bin/install-unwrap" > /dev/null 2>&1
expect_eq "install-unwrap: back to the real one" "$(readlink "$B")" ""

# ==== the clamd form (tests/fake/clamd): the name clamd gives, cut to
# its alphabet; the clamd that served it and the parts in the summary
C=$QSQ_TMP/replies-clamd
mkdir -p "$C" && chmod 755 "$C"
QSQ_QMAIL=notqmail sandbox replies-c "clamd $C/clamd.sock" $TIMEOUT || { bad "sandbox replies-c"; finish; exit 1; }
HC=$H
H=$HN S=$SN
FAKE=$SN/src/tests/fake/clamd
FPID=
fake() { # fake MODE [ARG]: the fake clamd in MODE, back once it listens
  [ -z "$FPID" ] || { kill -TERM "$FPID"; wait "$FPID" 2>/dev/null; }
  rm -f "$C/clamd.sock" "$C/ready"
  "$FAKE" "$C/clamd.sock" "$@" > "$C/ready" 2> "$C/fake.log" < /dev/null &
  FPID=$!
  _i=0
  while [ $_i -lt 200 ] && ! grep -qs '^ready' "$C/ready"; do sleep 0.05; _i=$((_i + 1)); done
}
{ printf 'Subject: att\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\naGVsbG8K\n--b--\n'; } > "$M/ATTACH"
chmod 644 "$M/ATTACH"
fake normal
deliver qsqa "$HC" ATTACH
expect_eq "clamd form, clean: 250" "$REPLY" "250 ok"
check "... the summary names the clamd that served it and the parts" grep -qE " summary: queued 0 .* parts 2 scanner $C/clamd\.sock db 1\.4\.6: clean\$" "$O/log"
fake found Test.Found-1
deliver qsqa "$HC" ATTACH
check "clamd form, a virus: 554 with clamd's name for it ($REPLY)" sh -c "printf '%s\n' \"\$1\" | grep -qxE '554 virus found: Test\.Found-1; message refused, ref $ID \(#5\.7\.1\)'" - "$REPLY"
check "... the ID is the summary's" sameid
fake limits
deliver qsqa "$HC" ATTACH
check "clamd form, beyond clamd's limits: 554 that says so ($REPLY)" sh -c "printf '%s\n' \"\$1\" | grep -qxE \"554 beyond the virus scanner's limits, cannot be scanned: Heuristics\.Limits\.Exceeded\.MaxFileSize; message refused, ref $ID \(#5\.3\.4\)\"" - "$REPLY"
fake error
deliver qsqa "$HC" ATTACH
check "clamd form, clamd answers ERROR: 451 that says so ($REPLY)" sh -c "printf '%s\n' \"\$1\" | grep -qxE '451 the virus scanner is unavailable; try again later, ref $ID \(#4\.3\.0\)'" - "$REPLY"
fake hostile-name
deliver qsqa "$HC" ATTACH
n=$(printf '%s' "$REPLY" | wc -c)
# (clamd/ takes a reply with control characters for garbage: no verdict)
check "clamd form, a hostile name (control characters, CR LF 250 ok, 10 KB): 451, one printable line of $n bytes" \
  sh -c "printf '%s\n' \"\$1\" | grep -qxE '451 the virus scanner is unavailable; try again later, ref $ID \(#4\.3\.0\)' && [ $n -le 258 ] && ! printf '%s' \"\$1\" | LC_ALL=C grep -q '[^ -~]' && ! printf '%s' \"\$1\" | grep -q '250 ok'" - "$REPLY"
check "... the ID survives" sameid
check "... the summary line is one printable line" sh -c "[ \$(grep -c ' summary: ' '$O/log') = 1 ] && ! LC_ALL=C grep -q '[^ -~]' '$O/log'"
echo "# hostile name reply: $REPLY"
kill -TERM "$FPID"; wait "$FPID" 2>/dev/null

# ==== the verdict reaches cleanq's log (supervise, multilog) when the
# caller's fd 2 leads nowhere: closed (cron), a read-only pipe (qmail-send)
. "$TOP/tests/svscan.sh"
inlog() { cleanqlog | grep -qE "$1"; }
check "cleanq starts under svscan, supervise and multilog" svc_start
out=$(asuser qsqa env STANDIN_QUEUE="$Q" "$SMTPD" "$HN" "$HN/bin/qscanq" "$M/VIRUS" "$M/env" 2>&-)
REPLY=$(printf '%s\n' "$out" | sed -n 1p)
id1=$(replyid)
out=$(: | asuser qsqa env STANDIN_QUEUE="$Q" "$SMTPD" "$HN" "$HN/bin/qscanq" "$M/FAIL" "$M/env" 2<&0)
REPLY=$(printf '%s\n' "$out" | sed -n 1p)
id2=$(replyid)
check "fd 2 closed, fd 2 a read-only pipe: both refused with an ID ($id1, $id2)" test -n "$id1" -a -n "$id2"
check "... cleanq sweeps their folders" spool_empty 60
check "fd 2 closed: the verdict is in cleanq's log" inlog "^@[0-9a-f]+ qscanq: $id1 uid [0-9]+: summary: refused 82 .*: virus found: Test\.Virus-1\$"
check "fd 2 a read-only pipe: the verdict is in cleanq's log" inlog "^@[0-9a-f]+ qscanq: $id2 uid [0-9]+: summary: deferred 82 .*: the virus scanner is unavailable\$"
check "... followed by the deletion" inlog "^@[0-9a-f]+ deleted $id1: done\$"

# ==== after the real qmail-queue has committed, qscanq's summary on fd 2
# must neither hold the reply back nor kill qscanq (a retry would queue the
# message twice): the caller's fd 2 a pipe that is full and never read (a
# stuck multilog), and a pipe whose reader has gone
stderr_pipe() { # stderr_pipe full|gone CMD...: CMD with such a pipe on fd 2
  python3 -c '
import fcntl, os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
r, w = os.pipe()
if sys.argv[1] == "gone":
    os.close(r)
else:
    os.set_inheritable(r, True)  # a reader that never reads
    fl = fcntl.fcntl(w, fcntl.F_GETFL)
    fcntl.fcntl(w, fcntl.F_SETFL, fl | os.O_NONBLOCK)
    try:
        while True:
            os.write(w, b"x" * 4096)
    except BlockingIOError:
        pass
    fcntl.fcntl(w, fcntl.F_SETFL, fl)
os.dup2(w, 2)
os.execvp(sys.argv[2], sys.argv[2:])
' "$@"
}
Q2=$O/queue2
for how in full gone; do
  rm -rf "$Q2" && mkdir -p "$Q2" && chmod 777 "$Q2" || exit 1
  out=$(stderr_pipe $how timeout 60 setpriv --reuid=qsqa --regid=qsqa --clear-groups \
    env STANDIN_QUEUE="$Q2" "$SMTPD" "$HN" "$HN/bin/qscanq" "$M/CLEAN" "$M/env")
  expect_eq "clean, the caller's fd 2 a pipe $how: the reply comes, queued once" \
    "$(printf '%s\n' "$out" | sed -n 2p)/$(ls "$Q2" | grep -c '\.info$')" "exit 0/1"
done

# ==== 1,000 messages from 8 parallel callers: one summary line each
L=$O/load
rm -rf "$L" && mkdir -p "$L/q" && chmod 1777 "$L" && chmod 777 "$L/q" || exit 1
load() { # load K: 125 messages as caller K, clean, virus and deferred in turn
  _i=0
  while [ $_i -lt 125 ]; do
    case $(( ($1 * 125 + _i) % 3 )) in 0) _m=CLEAN ;; 1) _m=VIRUS ;; *) _m=FAIL ;; esac
    asuser qsqa env STANDIN_QUEUE="$L/q" STANDIN_PIDS="$L/pids.$1" TCPREMOTEIP="10.0.0.$1" \
      "$SMTPD" "$HN" "$HN/bin/qscanq" "$M/$_m" "$M/env" >> "$L/out.$1" 2>> "$L/log.$1"
    _i=$((_i + 1))
  done
}
t0=$(date +%s)
lp=
for k in 0 1 2 3 4 5 6 7; do load $k & lp="$lp $!"; done
wait $lp # not svscan, which runs in the background too
t1=$(date +%s)
cat "$L"/log.* | grep -E "^qscanq: $ID uid [0-9]+: summary: " > "$L/summaries"
cat "$L"/pids.* > "$L/pids"
expect_eq "1,000 messages in $((t1 - t0)) s: 1,000 replies" "$(cat "$L"/out.* | grep -cE '^(250|451|554) ')" 1000
expect_eq "... 1,000 summary lines" "$(wc -l < "$L/summaries")" 1000
expect_eq "... with 1,000 different IDs" "$(awk '{ print $2 }' "$L/summaries" | sort -u | wc -l)" 1000
expect_eq "... queued, refused, deferred as sent" \
  "$(grep -c ' summary: queued 0 ' "$L/summaries")/$(grep -c ' summary: refused 82 ' "$L/summaries")/$(grep -c ' summary: deferred 82 ' "$L/summaries")" "334/333/333"
expect_eq "... the stand-in qmail-smtpd recorded 1,000 pairs of pids" "$(sort -u "$L/pids" | wc -l)" 1000
sed -n 's/.* summary: [a-z]* [0-9]* smtpd \([0-9]*\) qp \([0-9]*\) .*/smtpd \1 qq \2/p' "$L/summaries" | sort > "$L/pairs"
check "... each summary's smtpd and qp pids are the stand-in's own and its queue program's" cmp -s "$L/pairs" "$(sort "$L/pids" > "$L/pids.sorted"; echo "$L/pids.sorted")"
sed -n 's/.* summary: queued 0 .* queue \([0-9]*\) .*/\1/p' "$L/summaries" | sort > "$L/qpids"
ls "$L/q" | sed -n 's/^[0-9]*\.[0-9]*\.\([0-9]*\)\.info$/\1/p' | sort > "$L/infopids"
expect_eq "... 334 queued by the stand-in qmail-queue" "$(wc -l < "$L/infopids")" 334
check "... and each queued summary's queue pid is the pid the real qmail-queue recorded" cmp -s "$L/qpids" "$L/infopids"
check "... cleanq sweeps every folder" spool_empty 120
cleanqlog | sed -n 's/^@[0-9a-f]* qscanq: \(@[0-9a-f.]*\) uid [0-9]*: summary: .* ip 10\.0\.0\.[0-7] .*/\1/p' | sort > "$L/cleanqids"
expect_eq "... and logs 1,000 verdicts, none twice" "$(sort -u "$L/cleanqids" | wc -l)/$(wc -l < "$L/cleanqids")" "1000/1000"
check "... those of these very messages" sh -c "awk '{ print \$2 }' '$L/summaries' | sort | cmp -s - '$L/cleanqids'"
ex1=$(grep -m 1 ' summary: queued ' "$L/summaries")
ex2=$(grep -m 1 ' summary: refused ' "$L/summaries")
echo "# example: $ex1"
echo "# example: $ex2"
svc_stop

finish
