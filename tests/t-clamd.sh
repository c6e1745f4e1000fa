# tests/t-clamd.sh: conf-scanner's clamd form end to end (issue #10, "What
# the tests must show"): qscanq-stdin speaks clamd's protocol itself, to
# real clamds started here (tests/mkdb's database) over a unix socket and
# over TCP on 127.0.0.1, and to the scripted fake server tests/fake/clamd.
#
# Sandboxes (each a conf-scanner line, fixed at build time; what listens
# behind each address is changed between cases):
#   U  clamd $C/u/clamd.sock                    one clamd, unix socket
#   T  clamd 127.0.0.1:PT                       one clamd, TCP
#   P  clamd $C/a/clamd.sock $C/b/clamd.sock    a pool of two, unix
# Every clamd here has a private clamd.conf (cd_start below); the TCP one
# also keeps a local socket, which no sandbox names, to tell when it is up.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
# the control-sample case: the same database without the EICAR signature
NOE=$QSQ_TMP/db-noeicar
mkdir -p "$NOE" && chmod 755 "$NOE" &&
  grep -v '^Qscanq\.Test\.Eicar:' "$DB/qscanq.ndb" > "$NOE/qscanq.ndb" &&
  cp "$DB/qscanq.hdb" "$NOE/qscanq.hdb" && chmod 644 "$NOE"/* || { bad "the database without EICAR"; finish; exit 1; }
expect_eq "the control database keeps the marker and the hash, and lacks EICAR" \
  "$(grep -c . "$NOE/qscanq.ndb")/$(grep -c Eicar "$NOE/qscanq.ndb")/$(grep -c . "$NOE/qscanq.hdb")" "1/0/1"

M=$QSQ_TMP/msgs            # test messages, readable by the callers
C=$QSQ_TMP/cd              # every server's folder
R=$QSQ_TMP/rec
mkdir -p "$M" "$C" "$R" && chmod 755 "$M" "$C" && chmod 1777 "$R"
FAKE=

# a free TCP port on 127.0.0.1, kept for the run (the sandbox is built
# with it, so a second run with the same QSQ_TMP reuses the sandbox)
freeport() {
  perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1, ReuseAddr => 1) or die; print $s->sockport, "\n"'
}
[ -s "$C/ports" ] || { echo "$(freeport) $(freeport)" > "$C/ports"; }
read -r PT PT2 < "$C/ports"

# ---- servers
# cd_start NAME DB [CWD [CONF-LINE...]]: a real clamd in $C/NAME, on the
# unix socket $C/NAME/clamd.sock, with clamd's current folder CWD (default
# /), extra clamd.conf lines after it; back once it answers PING.
cd_start() {
  _n=$1 _db=$2 _cwd=${3:-/}
  shift 2; [ $# -gt 0 ] && shift
  _d=$C/$_n
  fake_stop "$_n"
  clamd_stop "$_d"
  mkdir -p "$_d/tmp" && rm -f "$_d/clamd.sock" "$_d/clamd.log" || return 1
  {
    echo "Foreground yes"
    echo "LocalSocket $_d/clamd.sock"
    echo "LocalSocketMode 666"
    echo "FixStaleSocket yes"
    echo "DatabaseDirectory $_db"
    echo "TemporaryDirectory $_d/tmp"
    echo "PidFile $_d/clamd.pid"
    echo "LogFile $_d/clamd.log"
    echo "LogTime yes"
    echo "AlertExceedsMax yes"
    [ "$(id -u)" != 0 ] || echo "User clamav"
    for _l in "$@"; do echo "$_l"; done
  } > "$_d/clamd.conf" || return 1
  chmod 644 "$_d/clamd.conf" && chmod 755 "$_d" || return 1
  [ "$(id -u)" != 0 ] || chown clamav "$_d" "$_d/tmp" || return 1
  (cd "$_cwd" && exec "$CLAMD" --config-file="$_d/clamd.conf" > "$_d/clamd.out" 2>&1 < /dev/null) &
  echo $! > "$_d/clamd.spid"
  _i=0
  while [ $_i -lt 300 ]; do
    [ -S "$_d/clamd.sock" ] && "$CLAMDSCAN" --config-file="$_d/clamd.conf" --ping 1 > /dev/null 2>&1 && return 0
    kill -0 "$(cat "$_d/clamd.spid")" 2>/dev/null || break
    sleep 0.1; _i=$((_i + 1))
  done
  cat "$_d/clamd.out" "$_d/clamd.log" 2>/dev/null | tail -5
  clamd_stop "$_d"
  return 1
}
cd_stop() { clamd_stop "$C/$1"; rm -f "$C/$1/clamd.sock"; }
cd_pid() { cat "$C/$1/clamd.spid"; }
# what a clamd saw: its control samples (one per session of a clean message)
cd_sessions() { grep -c 'Eicar.*FOUND' "$C/$1/clamd.log" 2>/dev/null || true; }
# TCP: clamd NAME listens on 127.0.0.1:PORT as well
tcp() { echo "TCPSocket $1"; echo "TCPAddr 127.0.0.1"; }

# fake_start NAME MODE [ARG]: tests/fake/clamd in MODE (see there) on
# $C/NAME/clamd.sock, in place of whatever was there; back once it listens
fake_start() {
  _n=$1; shift
  clamd_stop "$C/$_n"
  fake_stop "$_n"
  mkdir -p "$C/$_n" && chmod 755 "$C/$_n" && rm -f "$C/$_n/clamd.sock" "$C/$_n/fake.ready" || return 1
  "$FAKE" "$C/$_n/clamd.sock" "$@" > "$C/$_n/fake.ready" 2> "$C/$_n/fake.log" < /dev/null &
  echo $! > "$C/$_n/fake.pid"
  waituntil 10 grep -qs '^ready' "$C/$_n/fake.ready"
}
fake_stop() {
  [ -f "$C/$1/fake.pid" ] || return 0
  kill -TERM "$(cat "$C/$1/fake.pid")" 2>/dev/null
  wait "$(cat "$C/$1/fake.pid")" 2>/dev/null
  rm -f "$C/$1/fake.pid" "$C/$1/clamd.sock"
}
down() { clamd_stop "$C/$1"; fake_stop "$1"; rm -f "$C/$1/clamd.sock"; }

waituntil() {
  _w=$(($1 * 20)); shift
  while [ "$_w" -gt 0 ]; do "$@" && return 0; _w=$((_w - 1)); sleep 0.05; done
  return 1
}
cleanup() {
  for _n in u t a b; do down "$_n" 2> /dev/null; done
  pkill -CONT -u clamav clamd 2> /dev/null
}
trap cleanup EXIT

# ---- messages: those of tests/t-qscanq.sh, and two of our own
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
mk_nested() {
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
: > "$M/clean-empty"
printf 'Subject: x\n\nno final newline' > "$M/clean-nonl"
printf 'Subject: nul\n\na\0b\0c\n' > "$M/clean-nul"
printf 'Subject: 8bit\n\n\303\251t\303\251 \377\376\n' > "$M/clean-8bit"
printf 'Subject: crlf\r\n\r\nline\r\n' > "$M/clean-crlf"
{ printf 'Subject: long\n\n'; head -c 300000 /dev/zero | tr '\0' 'x'; printf '\n'; } > "$M/clean-longline"
head -c 200000 /dev/urandom | b64 | mk_attach application/octet-stream random.bin > "$M/clean-random"
# more than one INSTREAM chunk and more than a socket buffer: 6 MB
head -c 6000000 /dev/urandom | b64 | mk_attach application/octet-stream big.bin > "$M/clean-6mb"
PYDATA=/usr/lib/python3.11/test/test_email/data
npy=0
for f in "$PYDATA"/*; do
  [ -f "$f" ] || continue
  cp "$f" "$M/py-$(basename "$f")" && npy=$((npy + 1))
done
# beyond the limits of the clamds below (MaxFileSize, StreamMaxLength 1 MB)
head -c 2000000 /dev/urandom | b64 | mk_attach application/octet-stream 2mb.bin > "$M/big-2mb"
chmod 644 "$M"/*
[ "$npy" -gt 50 ] && ok "python email test data present ($npy files)" || bad "python email test data missing ($npy files)"

# ---- delivery through the smtpd stand-in
# deliver USER MSG [PREFIX...]: sets REPLY, CODE, SECS; the log in $LOGF
LOGF=$QSQ_TMP/qscanq.log
deliver() {
  _u=$1 _msg=$2; shift 2
  _t0=$(date +%s.%N)
  _out=$("$@" setpriv --reuid="$_u" --regid="$_u" --clear-groups \
    env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$_msg" "$M/env" 2> "$LOGF")
  SECS=$(awk -v a="$_t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
queued() { ls "$Q" | grep -c '\.info$'; }
newqueue() { rm -rf "$Q"; mkdir -p "$Q" && chmod 777 "$Q"; }
T451="451 mail server temporarily rejected message (#4.3.0)"
P554="554 mail server permanently rejected message (#5.3.0)"
# logn PATTERN: lines of the last delivery's log that match
# (not the summary line, which repeats the reason: qscanq(8))
logn() { grep -v ' summary: ' "$LOGF" | grep -c -- "$1" || true; }

# clean_and_infected NAME: what t-qscanq.sh checks for clamdscan
clean_and_infected() {
  _n=$1
  _bad=0 _count=0
  for f in "$M"/clean-* "$M"/py-*; do
    newqueue
    deliver qsqa "$f"
    _count=$((_count + 1))
    if [ "$REPLY" != "250 ok" ] || [ "$(queued)" != 1 ] ||
       ! cmp -s "$f" "$Q"/*.msg || ! cmp -s "$M/env" "$Q"/*.env; then
      _bad=$((_bad + 1)); echo "  $_n: $(basename "$f"): $REPLY $CODE"; sed 's/^/    /' "$LOGF" | head -5
    fi
  done
  expect_eq "$_n: $_count clean messages queued byte for byte with their envelopes" "$_bad" 0
  _names=0
  for f in "$M"/inf-*; do
    newqueue
    deliver qsqa "$f"
    expect_eq "$_n: $(basename "$f") refused" "$REPLY/$CODE/$(queued)" "$P554/exit 31/0"
    grep -q 'Qscanq\.Test\.[A-Za-z]*' "$LOGF" && _names=$((_names + 1))
  done
  expect_eq "$_n: the log names the virus found, for every infected message" "$_names" "$(ls "$M"/inf-* | wc -l)"
  grep -q 'virus found' "$LOGF" && ok "$_n: the log says \"virus found\"" || { bad "$_n: no \"virus found\" in the log"; cat "$LOGF"; }
  grep -qi 'control' "$LOGF" && bad "$_n: the control sample shows as a virus in the log" || ok "$_n: the control sample is not reported as a virus"
}

# ==== 1: every case of t-qscanq.sh, through the clamd form, unix and TCP
check "clamd u (unix socket) started" cd_start u "$DB"
sandbox cu "clamd $C/u/clamd.sock" 30 || { bad "sandbox cu"; finish; exit 1; }
Q=$S/queue
SU=$S HU=$H
FAKE=$S/src/tests/fake/clamd
[ -x "$FAKE" ] && ok "the fake server is built (tests/fake/clamd)" || bad "no tests/fake/clamd in the sandbox"
clean_and_infected "clamd, unix socket"
# the scan really went to clamd: one control sample per clean message
n0=$(cd_sessions u)
for i in 1 2 3 4 5; do newqueue; deliver qsqa "$M/clean-8bit"; done
expect_eq "clamd, unix socket: clamd saw one session (one control sample) for each of 5 messages" "$(($(cd_sessions u) - n0))" 5
# what qscanq-stdin leaves in work/ for cleanq (none runs here): in the
# clamd form the emptied parts/, nothing else (#20: its rmdir is cleanq's)
for f in clean-8bit inf-base64; do
  rm -rf "$H"/qscanq/spool/@*
  newqueue; deliver qsqa "$M/$f"
  left=$(cd "$H/qscanq/spool" && find . -mindepth 2 | sed 's|^\./@[^/]*/||' | sort | tr '\n' ' ')
  expect_eq "clamd form, $f: work/ holds only parts/, emptied, for cleanq" "$CODE/$left" "$( [ $f = clean-8bit ] && echo 'exit 0' || echo 'exit 31')/verdict work work/parts "
done
newqueue
deliver qsqa "$M/inf-base64"
grep -q 'refused (31): virus found' "$LOGF" && ok "one verdict line says why" || { bad "no verdict line"; cat "$LOGF"; }
grep -q "uid $(id -u qsqa)" "$LOGF" && ok "the verdict line has the caller's uid" || bad "no uid in the verdict line"

check "clamd t (TCP 127.0.0.1:$PT) started" cd_start t "$DB" / "$(tcp "$PT")"
sandbox ct "clamd 127.0.0.1:$PT" 30 || { bad "sandbox ct"; finish; exit 1; }
Q=$S/queue
ST=$S HT=$H
clean_and_infected "clamd, TCP"
grep -q 'stream.*Eicar.*FOUND' "$C/t/clamd.log" && ok "over TCP the files go by INSTREAM (clamd's log says stream)" ||
  { bad "no INSTREAM scan in clamd's log"; tail -3 "$C/t/clamd.log"; }

# ==== 2: over TCP, the folder clamd runs in does not matter
# (clamdscan sent the path /proc/self/cwd/., which clamd resolved in itself)
CW=$QSQ_TMP/cwd-infected
CC=$QSQ_TMP/cwd-clean
rm -rf "$CW" "$CC" && mkdir -p "$CW" "$CC" || exit 1
eicar > "$CW/e.com"; cp /usr/share/clamav-testfiles/clam.exe "$CW/"
printf 'nothing to see\n' > "$CC/readme.txt"
chmod -R a+rX "$CW" "$CC"
for cwd in "$CW" "$CC"; do
  check "clamd t started in $(basename "$cwd")" cd_start t "$DB" "$cwd" "$(tcp "$PT")"
  expect_eq "clamd's current folder is $(basename "$cwd")" "$(readlink "/proc/$(cd_pid t)/cwd")" "$cwd"
  newqueue
  deliver qsqa "$M/inf-base64"
  expect_eq "clamd form over TCP, clamd in $(basename "$cwd"): EICAR attached refused" "$REPLY/$(queued)" "$P554/0"
  newqueue
  deliver qsqa "$M/clean-8bit"
  expect_eq "clamd form over TCP, clamd in $(basename "$cwd"): clean mail queued" "$REPLY/$(queued)" "250 ok/1"
done

# ==== 4 (TCP): past StreamMaxLength is never clean
check "clamd t with StreamMaxLength 1M started" cd_start t "$DB" / "$(tcp "$PT")" "StreamMaxLength 1M"
newqueue
deliver qsqa "$M/big-2mb"
# retrying can never help (issue 17, item 10): refused for good, and said
expect_eq "TCP, 2 MB past StreamMaxLength 1M: refused for good, never clean" "$REPLY/$CODE/$(queued)" "$P554/exit 31/0"
grep -q 'size limit exceeded' "$LOGF" && ok "the log says the stream was over clamd's limit" || { bad "no limit in the log"; cat "$LOGF"; }
grep -q 'refused (31): message too big for the virus scanner' "$LOGF" && ok "the verdict line says: too big for the virus scanner" ||
  { bad "no \"too big for the virus scanner\" in the log"; cat "$LOGF"; }
newqueue
deliver qsqa "$M/clean-8bit"
expect_eq "TCP, StreamMaxLength 1M: a small message still passes" "$REPLY/$(queued)" "250 ok/1"

# ==== 7: the whole path under softlimit -m 20000000 (qmail-smtpd's run script)
if command -v softlimit > /dev/null; then
  softlimit -m 20000000 clamdscan --version > /dev/null 2>&1 &&
    bad "clamdscan runs under softlimit -m 20000000 (the limit does not bite here)" ||
    ok "clamdscan cannot even start under softlimit -m 20000000 (the limit bites)"
  cd_start t "$DB" / "$(tcp "$PT")" > /dev/null
  for sb in U T; do
    if [ $sb = U ]; then S=$SU H=$HU; else S=$ST H=$HT; fi
    Q=$S/queue
    for f in clean-8bit clean-random clean-6mb inf-zip; do
      newqueue
      case "${QSQ_CC:-}" in
        *-fsanitize*) ok "softlimit -m 20000000, sandbox $sb: $f: skipped under the sanitizers (they reserve terabytes of address space)"; continue ;;
      esac
      deliver qsqa "$M/$f" softlimit -m 20000000
      case $f in inf-*) want="$P554/0" ;; *) want="250 ok/1" ;; esac
      expect_eq "softlimit -m 20000000, sandbox $sb: $f" "$REPLY/$(queued)" "$want"
    done
  done
else
  bad "softlimit (daemontools) is not installed"
fi

# ==== 3, 4, 5, 6: the pool of two (sandbox P), real clamds and fakes
cd_start a "$DB" > /dev/null
cd_start b "$DB" > /dev/null
sandbox cp "clamd $C/a/clamd.sock $C/b/clamd.sock" 20 || { bad "sandbox cp"; finish; exit 1; }
Q=$S/queue
A=$C/a/clamd.sock B=$C/b/clamd.sock

# the starting server varies: 20 clean messages, count what each saw
a0=$(cd_sessions a) b0=$(cd_sessions b)
nq=0
for i in $(seq 1 20); do
  newqueue; deliver qsqa "$M/clean-8bit"; [ "$(queued)" = 1 ] && nq=$((nq + 1))
done
na=$(($(cd_sessions a) - a0)) nb=$(($(cd_sessions b) - b0))
expect_eq "pool: 20 clean messages queued" "$nq" 20
expect_eq "pool: each message scanned by exactly one server ($na + $nb)" "$((na + nb))" 20
[ "$na" -gt 0 ] && [ "$nb" -gt 0 ] && ok "pool: the starting server varies (a saw $na, b saw $nb)" ||
  bad "pool: one server saw every message (a $na, b $nb)"

# the first server down, the second up: queued, one line about the first
down a
lines=0 many=0 bl=0 nq=0
for i in $(seq 1 10); do
  newqueue; deliver qsqa "$M/clean-8bit"
  [ "$REPLY/$(queued)" = "250 ok/1" ] && cmp -s "$M/clean-8bit" "$Q"/*.msg && nq=$((nq + 1))
  n=$(logn "$A"); lines=$((lines + n)); [ "$n" -le 1 ] || many=$((many + 1))
  bl=$((bl + $(grep -v "$A" "$LOGF" | grep -c "$B" || true)))
done
expect_eq "pool, a down: 10 of 10 clean messages queued byte for byte" "$nq" 10
[ "$lines" -gt 0 ] && ok "pool, a down: a is passed over with a log line ($lines of 10 messages started at a)" ||
  bad "pool, a down: no message logged a line about a (did any start there?)"
expect_eq "pool, a down: never more than one line about a per message" "$many" 0
newqueue; deliver qsqa "$M/inf-nested"
expect_eq "pool, a down: infected mail refused" "$REPLY/$(queued)" "$P554/0"

# every server down: 71 and each named
down b
newqueue; deliver qsqa "$M/clean-8bit"
expect_eq "pool, every server down: 71, nothing queued" "$REPLY/$CODE/$(queued)" "$T451/exit 71/0"
[ "$(logn "$A")" -ge 1 ] && [ "$(logn "$B")" -ge 1 ] && ok "pool, every server down: the log names each" ||
  { bad "pool, every server down: a server is not named"; cat "$LOGF"; }
# a socket file with nobody behind it (ECONNREFUSED, not ENOENT)
perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Local => $ARGV[0], Listen => 1) or die' "$A"
newqueue; deliver qsqa "$M/inf-plain"
expect_eq "pool, a stale socket and nothing: infected mail deferred (71), not queued" "$CODE/$(queued)" "exit 71/0"

# a server stopped (SIGSTOP) mid-scan, while it holds a file of the
# message (clamd's fd table shows one in the working folder), is passed
# over after its share of the time, and the other one scans the message;
# a message that starts at b, or that a finishes first, is tried again
rm -f "$A"
cd_start a "$DB" > /dev/null
cd_start b "$DB" > /dev/null
apid=$(cd_pid a)
hit=0
for i in $(seq 1 10); do
  newqueue
  rm -f "$R/stop.res"
  ( deliver qsqa "$M/clean-6mb"; echo "$REPLY/$(queued)" > "$R/stop.res"; echo "$SECS" > "$R/stop.secs"; cp "$LOGF" "$R/stop.log" ) &
  dl=$!
  stopped=0
  waituntil 30 sh -c "ls -l /proc/$apid/fd 2> /dev/null | grep -q '/work/' || [ -s '$R/stop.res' ]"
  if ! [ -s "$R/stop.res" ]; then kill -STOP "$apid"; stopped=1; fi
  wait "$dl"
  kill -CONT "$apid"
  [ $stopped = 1 ] && [ "$(grep -c -- "$A" "$R/stop.log")" -ge 1 ] || continue
  hit=1
  expect_eq "pool, a stopped mid-scan (try $i): the message is queued by b" "$(cat "$R/stop.res")" "250 ok/1"
  cmp -s "$M/clean-6mb" "$Q"/*.msg && ok "pool, a stopped mid-scan: the queued copy is byte for byte" || bad "pool, a stopped mid-scan: the copy differs"
  secs=$(cat "$R/stop.secs")
  # stopped before it answered the control sample (the files go out
  # meanwhile, so it may already hold one): hung, passed over after
  # CLAMD_PROBE (5 s); stopped after: passed over after its share (10 s)
  if grep -- "$A" "$R/stop.log" | grep -q 'hung'; then want="4.5 9" what="CLAMD_PROBE, 5 s"; else want="9 20" what="its share, 10 s of conf-timeout 20"; fi
  awk -v s="$secs" -v w="$want" 'BEGIN { split(w, b, " "); exit !(s >= b[1] && s < b[2]) }' &&
    ok "pool, a stopped mid-scan: passed over after $what ($secs s)" ||
    bad "pool, a stopped mid-scan: took $secs s (want $what)"
  grep -- "$A" "$R/stop.log" | grep -qi 'time\|hung' && ok "pool, a stopped mid-scan: the log line says it ran out of time, or hung" ||
    { bad "pool, a stopped mid-scan: the line about a says neither time nor hung"; cat "$R/stop.log"; }
  break
done
[ $hit = 1 ] || bad "pool, a stopped mid-scan: never caught a holding a file of the message (10 tries)"

# limits: a file over MaxFileSize is refused for good as a limit
cd_start a "$DB" / "MaxFileSize 1M" "MaxScanSize 1M" > /dev/null
down b
newqueue; deliver qsqa "$M/big-2mb"
expect_eq "limits: a 2 MB file, MaxFileSize 1M: refused for good (31)" "$REPLY/$CODE/$(queued)" "$P554/exit 31/0"
grep -qi 'limit' "$LOGF" && ok "limits: the log says limits" || { bad "limits: no limits line"; cat "$LOGF"; }
grep -q 'virus found' "$LOGF" && bad "limits: said as \"virus found\"" || ok "limits: not said as \"virus found\""

# control sample: a clamd without EICAR in its database
cd_start a "$NOE" > /dev/null
for f in clean-8bit inf-marker; do
  newqueue; deliver qsqa "$M/$f"
  expect_eq "control sample: clamd without EICAR, $f: 71" "$REPLY/$CODE/$(queued)" "$T451/exit 71/0"
done
grep -q 'control sample' "$LOGF" && ok "control sample: the log says so" || { bad "control sample: no line"; cat "$LOGF"; }
# (the marker is in that database: the clamd is otherwise working)
printf 'QSCANQ-TEST-MARKER-7f3a9c\n' > "$R/marker"; chmod 644 "$R/marker"
clamdscan --config-file="$C/a/clamd.conf" --fdpass --no-summary "$R/marker" > /dev/null 2>&1
expect_eq "control sample: that clamd does find the marker" "$?" 1

# fake servers, on both sockets: never 0
for mode in ok-all garbage error ok-without-ids duplicate unknown-id no-reply-last close-mid-session; do
  fake_start a "$mode" && fake_start b "$mode" || { bad "fake server, mode $mode, did not start"; continue; }
  # (the fake takes any file holding EICAR for its control sample: the
  # infected message here is the marker, which only the real clamds know)
  for f in clean-8bit inf-marker; do
    newqueue; deliver qsqa "$M/$f"
    expect_eq "fake server answering '$mode', $f: 71, nothing queued" "$REPLY/$CODE/$(queued)" "$T451/exit 71/0"; sed 's/^/    /' "$LOGF"
  done
done
# and the same fake, answering well, out of order: clean is clean; a found
# name is a virus, a limits name a limit
for mode in out-of-order normal "found Fake.Virus" limits; do
  fake_start a $mode && fake_start b $mode || { bad "fake server, mode $mode, did not start"; continue; }
  newqueue; deliver qsqa "$M/clean-8bit"
  sed 's/^/    /' "$LOGF"
  case $mode in
    out-of-order|normal) expect_eq "fake server, '$mode': clean mail queued" "$REPLY/$(queued)" "250 ok/1" ;;
    found*) expect_eq "fake server, '$mode': refused as a virus" "$REPLY/$CODE/$(queued)/$(logn 'virus found')" "$P554/exit 31/0/1"
            grep -q 'Fake\.Virus' "$LOGF" && ok "the fake's virus name is in the log" || bad "no virus name in the log" ;;
    limits) expect_eq "fake server, '$mode': refused for good, not as a virus" "$REPLY/$CODE/$(queued)/$(logn 'virus found')" "$P554/exit 31/0/0" ;;
  esac
done
down a; down b

# ==== 6: the scanning process is non-dumpable while a hung server holds it
fake_start a hang && fake_start b hang || bad "fake server, mode hang, did not start"
newqueue
( deliver qsqa "$M/clean-8bit"; echo "$REPLY/$CODE" > "$R/hang.reply" ) &
dl=$!
# ours: other tests may run qscanq-stdin as qsqa too; ours runs this sandbox's
ours() {
  for _p in $(pgrep -x qscanq-stdin); do
    [ "$(readlink "/proc/$_p/exe")" = "$H/bin/qscanq-stdin" ] && { echo "$_p"; return 0; }
  done
  return 1
}
if waituntil 10 ours > /dev/null; then
  pid=$(ours)
  waituntil 5 sh -c "ls -l /proc/$pid/fd 2> /dev/null | grep -q socket:"
  setpriv --reuid=qsqa --regid=qsqa --clear-groups ls "/proc/$pid/cwd/" > "$R/cwd.out" 2>&1
  st=$?
  kill -0 "$pid" 2> /dev/null && alive=yes || alive=no
  expect_eq "another process of the caller's uid cannot open /proc/PID/cwd of qscanq-stdin, which still scans ($(head -c 80 "$R/cwd.out"))" \
    "$st/$(grep -c 'Permission denied' "$R/cwd.out")/$alive" "2/1/yes"
  setpriv --reuid=qsqa --regid=qsqa --clear-groups cat "/proc/$pid/environ" > /dev/null 2>&1 &&
    bad "another process of the caller's uid reads qscanq-stdin's environ" || ok "nor its /proc/PID/environ"
  # its one child is the early qmail-queue (qscanq-stdin(8)), waiting for
  # its envelope, outside the spool (set-uid and non-dumpable in
  # production; the stand-in here is neither)
  kids=$(pgrep -P "$pid")
  expect_eq "on the clamd path qscanq-stdin's only child while it scans is the real qmail-queue" \
    "$(printf '%s\n' "$kids" | grep -c .)/$(readlink "/proc/$kids/exe")" "1/$(readlink -f "$H/bin/qmail-queue")"
  outside() { case $(readlink "/proc/$kids/cwd") in "$H"/qscanq/spool*|'') return 1 ;; esac; }
  check "... and its current folder is not in the spool (once it runs)" waituntil 5 outside
  case $(readlink "/proc/$pid/cwd") in */work) ok "qscanq-stdin scans from inside work/" ;; *) bad "qscanq-stdin is not in work/: $(readlink "/proc/$pid/cwd")" ;; esac
  # the check can fail: a dumpable process of the same uid is open to it
  setpriv --reuid=qsqa --regid=qsqa --clear-groups sh -c 'cd /tmp && exec sleep 30' &
  sp=$!
  waituntil 5 sh -c "readlink /proc/$sp/exe | grep -q sleep"
  setpriv --reuid=qsqa --regid=qsqa --clear-groups ls "/proc/$sp/cwd/" > /dev/null 2>&1 &&
    ok "(a dumpable process of that uid: its /proc/PID/cwd opens)" || bad "the non-dumpable check cannot fail here"
  kill "$sp"; wait "$sp" 2> /dev/null
else
  bad "qscanq-stdin never ran"
fi
down a; down b     # the session ends: lost connections
wait "$dl"
expect_eq "hung servers, then gone: 71" "$(cat "$R/hang.reply")" "$T451/exit 71"

finish
