#!/bin/sh
# tests/t-hostile.sh: hostile input to every program (issue #7, part 3).
# qscanq with an empty message, 100 MB, NUL bytes, a 10-MB line, garbage
# and truncated envelopes, odd descriptors, a 1-MB environment, hostile
# TCPREMOTEIP, a caller that blocks every signal or ignores SIGCHLD;
# qscanq-stdin in a booby-trapped work folder; reformime, cleanq and
# run-cleanq with odd arguments, environments and descriptors. Each
# answers with the right exit code and a clear message, and nothing
# crashes (no exit by signal, no "crashed" in a log).
. "$(dirname "$0")/lib.sh"

SCN=$QSQ_TMP/hostile-scanner
# the scanner: HOSTILE-HANG in the raw copy hangs it, the marker is a virus
cat > "$SCN" <<'EOF'
#!/bin/sh
if grep -qs 'HOSTILE-HANG' msg; then sleep 100; fi
if grep -qs 'HOSTILE-FDS' msg; then
  # tell the test who we are, and wait for it to look at us
  echo $$ > OUTDIR/scanner.pid.tmp && mv OUTDIR/scanner.pid.tmp OUTDIR/scanner.pid
  n=0
  while [ ! -e OUTDIR/go ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
fi
if grep -qs 'HOSTILE-PRINT' msg; then
  printf '\033[2J\rqscanq: @forged uid 0: forged line\n'
  head -c 2000 /dev/zero | tr '\0' A
  printf '\n\377\376\001\033]0;title\007 bytes\n\n'
fi
grep -rqs 'QSQ-HOSTILE-VIRUS' .
case $? in 0) exit 1 ;; 1) exit 0 ;; *) exit 2 ;; esac
EOF
sed -i "s|OUTDIR|$QSQ_TMP/hostile/out|g" "$SCN"
chmod 755 "$SCN"
TIMEOUT=10
sandbox hostile "/bin/sh $SCN" $TIMEOUT || { bad "sandbox hostile"; finish; exit 1; }
Q=$S/queue
M=$S/msgs
O=$S/out
rm -rf "$M" "$O" && mkdir -p "$M" "$O" && chmod 755 "$M" && chmod 1777 "$O" || exit 1
SMTPD=$S/src/tests/fake/qmail-smtpd
T451="451 mail server temporarily rejected message (#4.3.0)"
T554="554 mail server permanently rejected message (#5.3.0)"

newqueue() { rm -rf "$Q"; mkdir -p "$Q" && chmod 777 "$Q"; }
queued() { ls "$Q" | grep -c '\.info$'; }
asuser() { _u=$1; shift; setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"; }
# deliver MSG [ENV]: the stand-in qmail-smtpd as qsqa; REPLY, CODE, log in $O/log
deliver() {
  newqueue
  _out=$(asuser qsqa env STANDIN_QUEUE="$Q" "$SMTPD" "$H" "$H/bin/qscanq" "$1" "${2:-$M/env}" 2> "$O/log")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
# queued_as MSG: queued once, byte for byte
queued_as() { [ "$(queued)" = 1 ] && cmp -s "$1" "$Q"/*.msg; }
nocrash() { ! grep -q -e crashed -e Sanitizer -e 'runtime error' "$O/log"; }

printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
: > "$M/empty"
printf 'Subject: x\n\nQSQ-HOSTILE-VIRUS\n' > "$M/virus"
printf 'Subject: hang\n\nHOSTILE-HANG\n' > "$M/hang"
printf 'Subject: ok\n\nfine\n' > "$M/small"
head -c 1000000 /dev/urandom > "$M/binary"               # NULs and every byte
{ printf 'Subject: nul\n\n'; head -c 100000 /dev/zero; printf '\nend\n'; } > "$M/nuls"
{ printf 'Subject: long line\n\n'; head -c 10485760 /dev/zero | tr '\0' 'x'; printf '\n'; } > "$M/line10m"
{ printf 'Subject: long header\nX-Long: '; head -c 10485760 /dev/zero | tr '\0' 'y'; printf '\n\nbody\n'; } > "$M/header10m"
# 100 MB: a multipart message with a 75-MB base64 attachment
{
  printf 'Subject: big\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n'
  printf 'Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n'
  head -c 75000000 /dev/urandom | base64
  printf -- '--b--\n'
} > "$M/big100m"
chmod 644 "$M"/*

# ==== qscanq: the message
deliver "$M/empty"
check "empty message: 250, queued as it is (empty)" sh -c "[ '$REPLY' = '250 ok' ] && [ \$(ls '$Q' | grep -c '\.info\$') = 1 ] && [ ! -s \$(ls '$Q'/*.msg) ]"
for m in binary nuls line10m header10m; do
  deliver "$M/$m"
  check "$m: 250, queued byte for byte ($REPLY)" sh -c "[ '$REPLY' = '250 ok' ] && [ \$(ls '$Q' | grep -c '\.info\$') = 1 ] && cmp -s '$M/$m' '$Q'/*.msg"
  check "$m: nothing crashed" nocrash
done
t0=$(date +%s)
deliver "$M/big100m"
t1=$(date +%s)
check "100 MB: 250, queued byte for byte in $((t1 - t0)) s ($REPLY)" sh -c "[ '$REPLY' = '250 ok' ] && [ \$(ls '$Q' | grep -c '\.info\$') = 1 ] && cmp -s '$M/big100m' '$Q'/*.msg"
check "100 MB: nothing crashed" nocrash
{ cat "$M/big100m"; printf 'QSQ-HOSTILE-VIRUS\n'; } > "$M/big100v" && chmod 644 "$M/big100v"
deliver "$M/big100v"
expect_eq "100 MB with a virus in its last line: refused" "$REPLY/$(queued)" "$T554/0"
rm -f "$M/big100v" "$Q"/*
# a Content-Type field too long to parse can never be scanned: refused for good
{ printf 'Subject: ct\nContent-Type: multipart/mixed; boundary="b"; x="'; head -c 1000000 /dev/zero | tr '\0' y
  printf '"\n\n--b\n\nhi\n--b--\n'; } > "$M/ct1m" && chmod 644 "$M/ct1m"
deliver "$M/ct1m"
expect_eq "a 1-MB Content-Type field: refused for good (beyond the unpacker's limits)" "$REPLY/$(queued)" "$T554/0"
grep -q "refused (31): the message is beyond the unpacker's limits" "$O/log" && ok "... and the log says why" || { bad "... no clear line"; cat "$O/log"; }

# a scanner that prints hostile bytes: they reach the log only as "?",
# after "scanner: ", on lines cut at 400 bytes
printf 'Subject: print\n\nHOSTILE-PRINT\n' > "$M/print" && chmod 644 "$M/print"
deliver "$M/print"
expect_eq "a scanner printing hostile bytes (exit 0): clean mail queued" "$REPLY/$(queued)" "250 ok/1"
expect_eq "... every log line is printable ASCII" "$(LC_ALL=C grep -c '[^ -~]' "$O/log")" 0
# (run-cleanq's own line says that no cleanq runs here)
expect_eq "... every log line is qscanq's, with the folder's ID and the uid" \
  "$(grep -vE '^run-cleanq: fatal: ' "$O/log" | grep -cvE '^qscanq: @[0-9a-f]{24}\.[0-9a-f]+\.[0-9]+ uid [0-9]+: ')" 0
check "... the scanner's words come after \"scanner: \" (the forged line too)" \
  grep -qE '^qscanq: @[0-9a-f.]+ uid [0-9]+: scanner: \?\[2J\?qscanq: @forged uid 0: forged line$' "$O/log"
check "... a 2000-byte line is cut at 400" grep -qE '^qscanq: @[0-9a-f.]+ uid [0-9]+: scanner: A{400}$' "$O/log"

# what the scanner holds: not the envelope (qscanq-stdin's fd 1), not
# fd 6, not the copy that is queued; and no reformime runs (a wrapper
# around it would record its fds). The scanner waits while the test
# (root: qscanq-stdin is not dumpable) looks.
mv "$H/bin/reformime" "$H/bin/reformime.real"
{
  echo '#!/bin/sh'
  echo 'for f in /proc/$$/fd/*; do echo "${f##*/} $(readlink "$f")"; done > '"$O/reformime.fds"
  echo 'env > '"$O/reformime.env"
  echo 'exec '"$H"'/bin/reformime.real "$@"'
} > "$H/bin/reformime"
chmod 755 "$H/bin/reformime"
printf 'Subject: fds\n\nHOSTILE-FDS\n' > "$M/fds" && chmod 644 "$M/fds"
rm -f "$O"/*.fds "$O"/*.env "$O/scanner.pid" "$O/go" "$O/fds.result"
( deliver "$M/fds"; echo "$REPLY/$(queued)" > "$O/fds.result" ) &
n=0
while [ ! -s "$O/scanner.pid" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
sp=$(cat "$O/scanner.pid" 2>/dev/null)
stdin=$(awk '{ print $4 }' "/proc/$sp/stat" 2>/dev/null)
env_pipe=$(readlink "/proc/$stdin/fd/1")
fd6_pipe=$(readlink "/proc/$stdin/fd/6")
for f in /proc/"$sp"/fd/*; do echo "${f##*/} $(readlink "$f")"; done > "$O/scanner.fds"
: > "$O/go"
wait
mv "$H/bin/reformime.real" "$H/bin/reformime"
expect_eq "fds and environment recorded: the message still queued" "$(cat "$O/fds.result")" "250 ok/1"
case $env_pipe in pipe:*) ok "qscanq-stdin's fd 1 is the envelope pipe ($env_pipe)" ;; *) bad "no envelope pipe seen: '$env_pipe'" ;; esac
case $fd6_pipe in pipe:*) ok "qscanq-stdin's fd 6 is the caller's error pipe ($fd6_pipe)" ;; *) bad "no fd 6 seen: '$fd6_pipe'" ;; esac
expect_eq "the scanner holds neither the envelope nor fd 6" \
  "$(grep -c -e " $env_pipe\$" -e " $fd6_pipe\$" -e '^6 ' "$O/scanner.fds")" 0
expect_eq "... its fd 0 is /dev/null" "$(sed -n 's/^0 //p' "$O/scanner.fds")" /dev/null
expect_eq "the scanner holds no descriptor of the copy that is queued" "$(grep -c 'msg' "$O/scanner.fds")" 0
# since issue 10 qscanq-stdin unpacks in-process: the wrapper never runs
check "qscanq-stdin runs no reformime (it unpacks in-process)" test ! -e "$O/reformime.fds"

# ==== qscanq-stdin at its first instant: the dumpable window (issue 13.4)
# tests/atexec stops qscanq-stdin, started by qscanq as usual, right at its
# exec: the kernel has decided whether it is dumpable, and not one
# instruction of its own (its prctl included) has run. A process of the
# caller's uid then tries what a hostile SMTP session (every session runs
# as qmaild) would: the message through /proc/PID/cwd, the memory, ptrace.
printf 'Subject: atexec\n\nfine\n' > "$M/atexec" && chmod 644 "$M/atexec"
newqueue
(cd "$H" && /usr/bin/python3 "$TOP/tests/atexec" qscanq-stdin qsqa sh -c 'm=$1 e=$2 l=$3; shift 3; exec "$@" < "$m" 1< "$e" 2> "$l"' - \
  "$M/atexec" "$M/env" "$O/log" setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" "$H/bin/qscanq") \
  > "$O/atexec" 2>&1
sed 's/^/# atexec: /' "$O/atexec"
expect_eq "at its exec, qscanq-stdin is not dumpable: the caller's uid cannot open its /proc/PID/cwd" "$(sed -n 's/^cwd //p' "$O/atexec")" EACCES
expect_eq "... nor its /proc/PID/mem" "$(sed -n 's/^mem //p' "$O/atexec")" EACCES
expect_eq "... nor attach to it with ptrace" "$(sed -n 's/^attach //p' "$O/atexec")" EPERM
expect_eq "... and the message goes through as usual (exit 0, queued)" "$(sed -n 's/^exit //p' "$O/atexec")/$(queued)" "0/1"
check "... byte for byte" queued_as "$M/atexec"
# while it runs (blocked reading a message that never ends), the same
mkfifo "$O/slow" && chmod 644 "$O/slow"
newqueue
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" "$H/bin/qscanq" < "$O/slow" 1< "$M/env" 2> "$O/log") &
exec 9> "$O/slow"
# ours: the one in this sandbox's spool (other tests may run as qsqa too)
ours() {
  for p in $(pgrep -u qsqa -x qscanq-stdin); do
    case $(readlink "/proc/$p/cwd") in "$H"/qscanq/spool/*) echo "$p"; return 0 ;; esac
  done
  return 1
}
n=0
while ! pid=$(ours) && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
/usr/bin/python3 "$TOP/tests/atexec" -p "$pid" qsqa > "$O/atexec" 2>&1
sed 's/^/# atexec -p: /' "$O/atexec"
expect_eq "while it reads the message: the caller's uid cannot open its cwd, its mem, nor attach" \
  "$(grep -v '^owner' "$O/atexec" | tr '\n' ' ')" "cwd EACCES mem EACCES attach EPERM "
printf 'Subject: slow\n\nfine\n' >&9
exec 9>&-
wait
rm -f "$O/slow"
expect_eq "... and then queues the message as usual" "$(queued)" 1

# ==== qscanq: the envelope (qscanq never reads it: qmail-queue decides)
head -c 4096 /dev/urandom > "$M/env-garbage"
printf 'F' > "$M/env-cut"
: > "$M/env-empty"
printf 'Fsender\0Trcpt\0' > "$M/env-nofinal"
chmod 644 "$M"/env-*
deliver "$M/small" "$M/env-garbage"
case "$REPLY/$(queued)" in
  "451 qq internal bug (#4.3.0)/0"|"554 envelope address too long for qq (#5.1.3)/0"|"451 qq read error (#4.3.0)/0")
    ok "garbage envelope: refused by the queue, nothing queued ($REPLY)" ;;
  *) bad "garbage envelope: $REPLY, $(queued) queued" ;;
esac
for e in env-cut env-empty env-nofinal; do
  deliver "$M/small" "$M/$e"
  expect_eq "$e: the queue's 54, nothing queued" "$REPLY/$CODE/$(queued)" "451 qq read error (#4.3.0)/exit 54/0"
done
deliver "$M/virus" "$M/env-garbage"
expect_eq "garbage envelope with a virus: refused for the virus (the envelope is never read)" "$REPLY/$(queued)" "$T554/0"

# ==== qscanq: descriptors
newqueue
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" "$H/bin/qscanq" 0< "$M" 1< "$M/env" 2> "$O/log")
expect_eq "fd 0 a folder: 54, nothing queued" "$?/$(queued)" "54/0"
grep -q 'deferred (54): unable to read the message: Is a directory' "$O/log" && ok "fd 0 a folder: the log says so" ||
  { bad "fd 0 a folder: no clear log line"; cat "$O/log"; }
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" "$H/bin/qscanq" 0> "$O/wonly" 1< "$M/env" 2> "$O/log")
expect_eq "fd 0 write-only: 54, nothing queued" "$?/$(queued)" "54/0"
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" "$H/bin/qscanq" < "$M/small" 1>&- 2>&- 0<&-)
expect_eq "fds 0, 1 and 2 all closed: 54, nothing queued" "$?/$(queued)" "54/0"
# a thousand descriptors left open by the caller
newqueue
asuser qsqa perl -e 'my @k; for (1 .. 1000) { open(my $f, "<", "/dev/null") or die; push @k, $f } exec @ARGV' \
  env STANDIN_QUEUE="$Q" "$SMTPD" "$H" "$H/bin/qscanq" "$M/small" "$M/env" > "$O/out" 2> "$O/log"
check "1000 descriptors left open by the caller: 250, queued" sh -c "[ \"\$(sed -n 1p '$O/out')\" = '250 ok' ] && [ \$(ls '$Q' | grep -c '\.info\$') = 1 ]"

# ==== qscanq: the environment, the signals, the current folder
big=$(head -c 9000 /dev/zero | tr '\0' v)
# 120 variables of 9000 bytes: about 1 MB (each string must stay under 128 KB)
envargs=$(i=0; while [ $i -lt 120 ]; do printf 'QSQ_JUNK_%d=%s ' $i "$big"; i=$((i + 1)); done)
ip=$(printf '1.2.3.4\n@400000 qscanq: forged line\033[2J%s' "$(head -c 100000 /dev/zero | tr '\0' 9)")
newqueue
# shellcheck disable=SC2086
asuser qsqa env $envargs TCPREMOTEIP="$ip" STANDIN_QUEUE="$Q" "$SMTPD" "$H" "$H/bin/qscanq" "$M/virus" "$M/env" > "$O/out" 2> "$O/log"
expect_eq "1 MB of environment and a hostile TCPREMOTEIP: the virus refused" "$(sed -n 1p "$O/out")/$(queued)" "$T554/0"
check "... the log line carries the IP cut to 64 bytes of its alphabet (no newline, no escape)" \
  grep -qE '^qscanq: @[0-9a-f.]+ uid [0-9]+ ip 1\.2\.3\.4\?[0-9a-fA-F.:?]{56}: refused \(31\): virus found$' "$O/log"
expect_eq "... no forged line in the log" "$(grep -c 'forged' "$O/log")" 0
expect_eq "... every log line is printable ASCII and at most 500 bytes" \
  "$(LC_ALL=C awk 'length($0) > 500 || /[^ -~]/' "$O/log" | wc -l)" 0
newqueue
# shellcheck disable=SC2086
asuser qsqa env $envargs STANDIN_QUEUE="$Q" "$SMTPD" "$H" "$H/bin/qscanq" "$M/small" "$M/env" > "$O/out" 2> "$O/log"
check "1 MB of environment: clean mail queued" sh -c "[ \"\$(sed -n 1p '$O/out')\" = '250 ok' ] && [ \$(ls '$Q' | grep -c '\.info\$') = 1 ]"

# a caller that ignores SIGCHLD (its children are reaped behind its back)
newqueue
(cd "$H" && asuser qsqa perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or exit 120' \
  env STANDIN_QUEUE="$Q" "$H/bin/qscanq" < "$M/small" 1< "$M/env" 2> "$O/log")
expect_eq "a caller that ignores SIGCHLD: clean mail queued (exit 0)" "$?/$(queued)" "0/1"
(cd "$H" && asuser qsqa perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or exit 120' \
  env STANDIN_QUEUE="$Q" "$H/bin/qscanq" < "$M/virus" 1< "$M/env" 2> "$O/log")
expect_eq "a caller that ignores SIGCHLD: a virus refused (31)" "$?" 31
# a caller that blocks every signal and ignores SIGALRM: the deadline
# still fires (qscanq-stdin unblocks it), and qmail-queue gets a clean state
blockall='use POSIX; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(1 .. 31)) or die; $SIG{ALRM} = "IGNORE"; $SIG{TERM} = "IGNORE"; exec @ARGV or exit 120'
newqueue
t0=$(date +%s)
(cd "$H" && asuser qsqa perl -e "$blockall" env STANDIN_QUEUE="$Q" "$H/bin/qscanq" < "$M/hang" 1< "$M/env" 2> "$O/log")
rc=$?
t1=$(date +%s)
expect_eq "every signal blocked, SIGALRM ignored, a hung scanner: deferred at conf-timeout (71)" "$rc/$(queued)" "71/0"
check "... after about $TIMEOUT s (took $((t1 - t0)) s)" test $((t1 - t0)) -lt $((TIMEOUT + 10))
grep -q 'the scanner ran out of time' "$O/log" && ok "... and the log says so" || { bad "... no timeout line"; cat "$O/log"; }
(cd "$H" && asuser qsqa perl -e "$blockall" env STANDIN_QUEUE="$Q" "$H/bin/qscanq" < "$M/small" 1< "$M/env" 2> "$O/log")
expect_eq "every signal blocked: clean mail queued" "$?/$(queued)" "0/1"
# (what the caller ignores besides SIGALRM is its own business: the real
# qmail-queue would inherit it without qscanq too)
case "$(cat "$Q"/*.sig)" in
  "alarm=0 blocked=none ignored="*[=,]14[,]*|"alarm=0 blocked=none ignored="*[=,]14) bad "... SIGALRM ignored across exec: $(cat "$Q"/*.sig)" ;;
  "alarm=0 blocked=none ignored="*) ok "... and qmail-queue starts with no alarm, nothing blocked, SIGALRM not ignored ($(cat "$Q"/*.sig))" ;;
  *) bad "... qmail-queue inherits: $(cat "$Q"/*.sig)" ;;
esac
# run from a folder that no longer exists, with umask 0
rm -rf "$O/gone" && mkdir "$O/gone" && chown qsqa "$O/gone"
newqueue
asuser qsqa sh -c "cd '$O/gone' && rmdir '$O/gone' && umask 0 && exec env STANDIN_QUEUE='$Q' '$SMTPD' '$H' '$H/bin/qscanq' '$M/small' '$M/env'" > "$O/out" 2> "$O/log"
check "run from a deleted folder with umask 0: 250, queued" sh -c "[ \"\$(sed -n 1p '$O/out')\" = '250 ok' ] && [ \$(ls '$Q' | grep -c '\.info\$') = 1 ]"
# argv: none at all, and odd ones
newqueue
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" perl -e 'exec { $ARGV[0] } () or exit 120' "$H/bin/qscanq" < "$M/small" 1< "$M/env" 2> "$O/log")
expect_eq "qscanq with argc 0: clean mail queued" "$?/$(queued)" "0/1"
newqueue
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" "$H/bin/qscanq" -x --spool=/ "$(printf 'a\nb')" < "$M/virus" 1< "$M/env" 2> "$O/log")
expect_eq "qscanq with odd arguments: they are ignored (virus refused)" "$?/$(queued)" "31/0"

# ==== qscanq-stdin, run by hand in a booby-trapped work folder
W=$O/trap
trapped() { # trapped NAME SETUP: a fresh work folder, SETUP run in it as qsqa, then qscanq-stdin
  rm -rf "$W" && mkdir -p "$W" && chown qsqa "$W" && chmod 700 "$W"
  (cd "$W" && asuser qsqa sh -c "$2")
  newqueue
  (cd "$W" && asuser qsqa env STANDIN_QUEUE="$Q" "$H/bin/qscanq-stdin" "@trap" < "$M/small" 1< "$M/env" 2> "$O/log")
}
echo precious > "$O/precious" && chmod 666 "$O/precious"
trapped "msg a link" "ln -s '$O/precious' msg"
expect_eq "work/msg a symbolic link: 53, nothing queued" "$?/$(queued)" "53/0"
expect_eq "... the link's target untouched" "$(cat "$O/precious")" precious
grep -q 'deferred (53): unable to create the copy of the message: File exists' "$O/log" && ok "... the log says why" || { bad "... no clear line"; cat "$O/log"; }
trapped "parts a link" "ln -s '$O' parts"
rc=$?
expect_eq "work/parts a link to elsewhere: a temporary code, nothing queued" "$( [ $rc -ge 50 ] && [ $rc -lt 80 ] && echo temp)/$(queued)" "temp/0"
expect_eq "... nothing written there" "$(ls "$O" | grep -c '^msg$')" 0
trapped "tmp a file" ": > tmp"
expect_eq "work/tmp a file: 53, nothing queued" "$?/$(queued)" "53/0"
trapped "no argument" "true"
expect_eq "qscanq-stdin without its ID argument: still works (clean mail queued)" "$?/$(queued)" "0/1"

# ==== reformime
R=$O/reformime
rm -rf "$R" && mkdir -p "$R" && chmod 777 "$R"
(cd "$R" && asuser qsqa "$H/bin/reformime" -z < "$M/small" > "$O/out" 2>&1)
expect_eq "reformime -z: usage, 100" "$?/$(cat "$O/out")" "100/reformime: usage: reformime [-ls]"
(cd "$R" && asuser qsqa "$H/bin/reformime" '' < "$M/small" > "$O/out" 2>&1)
expect_eq "reformime '': usage, 100" "$?" 100
(cd "$R" && asuser qsqa "$H/bin/reformime" < "$M" > "$O/out" 2>&1)
expect_eq "reformime with a folder on fd 0: 54" "$?" 54
grep -q 'unable to read input: Is a directory' "$O/out" && ok "... and says why" || bad "... no clear message: $(cat "$O/out")"
(cd "$R" && asuser qsqa "$H/bin/reformime" < "$M/small" 0<&- > "$O/out" 2>&1)
expect_eq "reformime with fd 0 closed: 54" "$?" 54
(cd "$R" && asuser qsqa "$H/bin/reformime" -l < "$M/small" > /dev/full 2> "$O/out")
expect_eq "reformime -l onto a full disk (/dev/full): 53" "$?" 53
chmod 555 "$R"
(cd "$R" && asuser qsqa "$H/bin/reformime" < "$M/small" > "$O/out" 2>&1)
rc=$?
chmod 777 "$R"
case $rc in 53|111) ok "reformime in a folder it cannot write: $rc ($(head -n 1 "$O/out"))" ;; *) bad "reformime in a folder it cannot write: $rc" ;; esac

# ==== cleanq
SP=$H/qscanq/spool
asuser qsqc "$H/bin/cleanq" > "$O/out" 2>&1
expect_eq "cleanq as another user: 111" "$?" 111
grep -q '^cleanq: fatal: unable to switch to .*/qscanq/spool: Permission denied$' "$O/out" && ok "... and says why" || bad "... $(cat "$O/out")"
mv "$SP" "$SP.away"
setuidgid qsqd "$H/bin/cleanq" > "$O/out" 2>&1
expect_eq "cleanq without a spool: 111" "$?" 111
grep -q 'unable to switch to .*No such file or directory' "$O/out" && ok "... and says why" || bad "... $(cat "$O/out")"
mv "$SP.away" "$SP"
# stdout and stderr closed, a 1-MB environment, odd arguments: it still
# sweeps, and stops on SIGTERM with 0
id=$(printf '@%016x%08x.%x.%d' $((0x400000000000000a + $(date +%s) - 100)) 0 $$ 1)
mkdir -p "$SP/$id/work" && chown -R qsqd "$SP/$id" && chmod 700 "$SP/$id"
# shellcheck disable=SC2086
setuidgid qsqd env $envargs "$H/bin/cleanq" -x --spool=/ "$(printf 'a\nb')" >&- 2>&- &
cq=$!
n=0
while [ -e "$SP/$id" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
check "cleanq with fds 1 and 2 closed, 1 MB of environment and odd arguments: still sweeps" test ! -e "$SP/$id"
kill -TERM $cq
wait $cq
expect_eq "... and exits 0 on SIGTERM" "$?" 0

# ==== run-cleanq (supervise is not running here)
# shellcheck disable=SC2086
out=$(asuser qsqc env $envargs "$H/bin/run-cleanq" -a --help "$(printf 'x\ny')" 2>&1)
expect_eq "run-cleanq with 1 MB of environment and odd arguments: 111, said clearly" "$?/$out" \
  "111/run-cleanq: fatal: unable to wake cleanq: supervise is not running"
C=$H/qscanq/cleanq/supervise/control
mv "$C" "$C.save"
out=$(asuser qsqc "$H/bin/run-cleanq" 2>&1)
expect_eq "run-cleanq without the control FIFO: 111" "$?" 111
case $out in "run-cleanq: fatal: unable to wake cleanq: unable to open "*"/control: "*) ok "... said clearly ($out)" ;; *) bad "... $out" ;; esac
: > "$C" && chown root:qsqctl "$C" && chmod 620 "$C"
out=$(asuser qsqa "$H/bin/run-cleanq" 2>&1)
rc=$?
size=$(wc -c < "$C")
rm -f "$C"
mv "$C.save" "$C"
expect_eq "run-cleanq when control is a plain file: 111, and nothing written" "$rc/$size" "111/0"
case $out in *"is not a named pipe") ok "... said clearly ($out)" ;; *) bad "... $out" ;; esac
out=$(asuser qsqa env PATH=/nonexistent IFS=x "$H/bin/run-cleanq" 2>&1)
expect_eq "run-cleanq with PATH and IFS hostile: the same answer" "$?/$out" \
  "111/run-cleanq: fatal: unable to wake cleanq: supervise is not running"

rm -f "$M/big100m" "$M/line10m" "$M/header10m" "$Q"/*
finish
