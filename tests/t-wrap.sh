#!/bin/sh
# install-wrap and install-unwrap: the swap of bin/qmail-queue, with a
# caller queueing through bin/qmail-queue all the while; idempotence; the
# states they refuse; make setup never undoing a wrap.
. "$(dirname "$0")/lib.sh"

R=$QSQ_TMP/wrap-rec # the test scanner leaves a file here for each scan
mkdir -p "$R" && chmod 1777 "$R"
SCANNER=$QSQ_TMP/wrap-scanner
cat > "$SCANNER" <<EOF
#!/bin/sh
# a test scanner: records that it ran; "infected" means the marker is there
: > $R/scan.\$\$
if grep -q WRAP-TEST-VIRUS-MARKER msg; then echo "msg: Wrap.Test FOUND"; exit 1; fi
exit 0
EOF
chmod 755 "$SCANNER"
sandbox wrap "$SCANNER" 30 || { bad "sandbox wrap"; finish; exit 1; }

B=$H/bin/qmail-queue
Q=$H/qscanq/qmail-queue
W=$S/work
QD=$S/queue # the stand-in queue records here
WRAP=$H/bin/install-wrap
UNWRAP=$H/bin/install-unwrap

# the state of both names, for before-and-after comparisons
state() { stat -c '%N inode=%i links=%h %U:%G %a' "$B" "$Q" 2>&1 | tr '\n' ' '; }
real() { stat -c 'inode=%i %U:%G %a' "$1"; }
queued() { ls "$QD" | grep -c '\.info$'; }
scans() { ls "$R" | grep -c '^scan\.'; }
# send MSG: one message through bin/qmail-queue, as qsqa, via the smtpd stand-in
send() {
  setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$QD" \
    "$S/src/tests/fake/qmail-smtpd" "$H" "$B" "$1" "$W/env" 2>> "$W/smtp.err" | head -n 1
}
# run PROG: its exit code and output on one line
run() { _o=$("$1" 2>&1); echo "$? $_o"; }

# a fresh start: the real qmail-queue (the stand-in) at bin/qmail-queue,
# with an owner and a mode of its own to recognise them by (qmail's is
# qmailq, 04711; no set-id bit here, which a sanitizer build cannot run
# with); the link at qscanq/qmail-queue
rm -f "$B" "$Q" "$H/bin/.qmail-queue.qscanq-tmp" "$H/qscanq/.qmail-queue.qscanq-tmp"
cp "$S/src/tests/fake/qmail-queue" "$B" && chown qsqc:qsqc "$B" && chmod 0751 "$B" &&
  ln -s ../bin/qmail-queue "$Q" || { bad "setup"; finish; exit 1; }
rm -rf "$W" "$QD" && mkdir -p "$W" "$QD" && chmod 755 "$W" && chmod 777 "$QD" && rm -f "$R"/scan.*
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$W/env"
printf 'Subject: clean\n\nhello\n' > "$W/clean"
printf 'Subject: dirty\n\nWRAP-TEST-VIRUS-MARKER\n' > "$W/dirty"
chmod 644 "$W"/*
orig=$(real "$B")

# ==== unwrapped to begin with
expect_eq "unwrapped: a marked message is queued (nothing scans)" "$(send "$W/dirty")/$(scans)" "250 ok/0"
s0=$(state)
expect_eq "install-unwrap when not wrapped: says so, exits 0" "$(run "$UNWRAP")" "0 install-unwrap: not wrapped: bin/qmail-queue is the real qmail-queue"
expect_eq "... and changes nothing" "$(state)" "$s0"

# ==== wrap
out=$(run "$WRAP")
expect_eq "install-wrap: exits 0" "${out%% *}" 0
expect_eq "bin/qmail-queue is now the link qscanq" "$(readlink "$B")" qscanq
expect_eq "qscanq/qmail-queue is now the real one (same inode, owner, mode)" "$(real "$Q")" "$orig"
s1=$(state)
expect_eq "install-wrap again: says so, exits 0" "$(run "$WRAP")" "0 install-wrap: already wrapped: bin/qmail-queue runs qscanq"
expect_eq "... and changes nothing" "$(state)" "$s1"
rm -f "$R"/scan.*
expect_eq "wrapped: a marked message is refused" "$(send "$W/dirty")" "554 mail server permanently rejected message (#5.3.0)"
n=$(queued)
expect_eq "wrapped: a clean message is scanned and queued" "$(send "$W/clean")/$(scans)/$(queued)" "250 ok/2/$((n + 1))"
rm -f "$R"/scan.*
n=$(queued)
for i in 1 2 3 4 5 6 7 8 9 10; do send "$W/clean" > /dev/null; done
expect_eq "wrapped: every message is scanned (10 of 10) and queued" "$(scans)/$(queued)" "10/$((n + 10))"
check "make setup check leaves the wrap alone" sh -c "make -C '$S/src' -s setup check > '$S/setup.log' 2>&1"
expect_eq "... bin/qmail-queue still runs qscanq" "$(readlink "$B")" qscanq
expect_eq "... and qscanq/qmail-queue is still the real one" "$(real "$Q")" "$orig"
expect_eq "wrapped, after make setup: a marked message is still refused" "$(send "$W/dirty")" "554 mail server permanently rejected message (#5.3.0)"

# ==== unwrap
out=$(run "$UNWRAP")
expect_eq "install-unwrap: exits 0" "${out%% *}" 0
expect_eq "bin/qmail-queue is the original again: same inode, owner, mode" "$(real "$B")" "$orig"
expect_eq "qscanq/qmail-queue is the link ../bin/qmail-queue again" "$(readlink "$Q")" ../bin/qmail-queue
s2=$(state)
expect_eq "install-unwrap again: says so, exits 0" "$(run "$UNWRAP")" "0 install-unwrap: not wrapped: bin/qmail-queue is the real qmail-queue"
expect_eq "... and changes nothing" "$(state)" "$s2"
nolinkino() { printf '%s\n' "$1" | sed 's/-> \(.*\) inode=[0-9]*/-> \1/'; }
expect_eq "the state is the one before the wrap (but for the new link's inode)" "$(nolinkino "$s2")" "$(nolinkino "$s0")"
rm -f "$R"/scan.*
expect_eq "unwrapped: a marked message is queued unscanned again" "$(send "$W/dirty")/$(scans)" "250 ok/0"

# ==== a caller queueing all the while: never a failure, bin/qmail-queue always there
rm -f "$W/stop" "$W/replies" "$R"/scan.*
rm -rf "$QD" && mkdir "$QD" && chmod 777 "$QD"
(
  while [ ! -e "$W/stop" ]; do send "$W/clean" >> "$W/replies"; done
) &
caller=$!
perl -e 'my ($b, $stop) = @ARGV; my ($n, $miss) = (0, 0);
  until (-e $stop) { lstat($b) or $miss++; $n++ }
  print "$n $miss\n"' "$B" "$W/stop" > "$W/lstat" &
watcher=$!
# wait for the caller's first message, then swap back and forth
for i in $(seq 1 200); do [ -s "$W/replies" ] && break; sleep 0.05; done
bad=0
for i in $(seq 1 25); do
  "$WRAP" > /dev/null || bad=$((bad + 1))
  n=$(wc -l < "$W/replies"); for j in $(seq 1 200); do [ "$(wc -l < "$W/replies")" -gt "$n" ] && break; sleep 0.05; done
  "$UNWRAP" > /dev/null || bad=$((bad + 1))
  n=$(wc -l < "$W/replies"); for j in $(seq 1 200); do [ "$(wc -l < "$W/replies")" -gt "$n" ] && break; sleep 0.05; done
done
touch "$W/stop"
wait "$caller" "$watcher"
sent=$(wc -l < "$W/replies")
expect_eq "25 wraps and 25 unwraps under load: all succeed" "$bad" 0
expect_eq "the caller never saw a failure ($sent messages)" "$(grep -vc '^250 ok$' "$W/replies")" 0
expect_eq "every message was queued" "$(queued)" "$sent"
read lookups misses < "$W/lstat"
expect_eq "bin/qmail-queue never stopped existing ($lookups lookups)" "$misses" 0
sc=$(scans)
check "both ways were taken: $sc of $sent messages scanned" test "$sc" -gt 0 -a "$sc" -lt "$sent"
expect_eq "unwrapped at the end: the original is back" "$(real "$B")" "$orig"

# ==== states they refuse: exit 111, a message, nothing changed
refuse() { # refuse DESC MESSAGE-PART
  _s=$(state)
  for _p in "$WRAP" "$UNWRAP"; do
    _o=$("$_p" 2>&1)
    _c=$?
    _n=$(basename "$_p")
    expect_eq "$1: $_n exits 111" "$_c" 111
    case "$_o" in
      "$_n: fatal: "*"$2"*) ok "$1: $_n says why" ;;
      *) bad "$1: $_n says: $_o" ;;
    esac
    expect_eq "$1: $_n changes nothing" "$(state)" "$_s"
  done
}
mv "$B" "$B.aside"
refuse "bin/qmail-queue missing" "does not exist"
mv "$B.aside" "$B"

"$WRAP" > /dev/null
cp -p "$Q" "$B.new" && mv "$B.new" "$B"        # qmail installed again over the wrap
refuse "qmail installed again over a wrap" "different files"
rm "$B" && ln -s qscanq "$B" && "$UNWRAP" > /dev/null
expect_eq "(back to the original)" "$(real "$B")" "$orig"

rm "$Q" && ln -s /bin/true "$Q"
refuse "qscanq/qmail-queue leading elsewhere" "is a symbolic link to /bin/true"
rm "$Q" && ln -s ../bin/qmail-queue "$Q"

mv "$B" "$B.aside" && ln -s /bin/true "$B"
refuse "bin/qmail-queue a link to something else" "is a symbolic link to /bin/true"
rm "$B" && mv "$B.aside" "$B"

mv "$B" "$B.aside" && ln -s qscanq "$B"
refuse "bin/qmail-queue runs qscanq while qscanq/qmail-queue leads back to it" "qscanq would run itself"
rm "$B" && mv "$B.aside" "$B"

mv "$Q" "$Q.aside"
refuse "qscanq/qmail-queue missing" "run make setup first"
mv "$Q.aside" "$Q"

mv "$B" "$B.aside" && ln "$H/bin/qscanq" "$B"
refuse "bin/qmail-queue is qscanq itself" "qscanq itself"
rm "$B" && mv "$B.aside" "$B"
expect_eq "(back to the original)" "$(real "$B")/$(readlink "$Q")" "$orig/../bin/qmail-queue"

mv "$H/bin/qscanq" "$H/bin/qscanq.aside"
s3=$(state)
out=$(run "$WRAP")
case "$out" in
  "111 install-wrap: fatal: "*"bin/qscanq does not exist: run make setup first") ok "qscanq missing: install-wrap refuses" ;;
  *) bad "qscanq missing: install-wrap says: $out" ;;
esac
expect_eq "qscanq missing: nothing changed" "$(state)" "$s3"
mv "$H/bin/qscanq.aside" "$H/bin/qscanq"

# ==== an interrupted run is finished by either program
ln "$B" "$Q.tmp" && mv "$Q.tmp" "$Q"             # half-way: both names the real one
out=$(run "$WRAP")
expect_eq "half-way: install-wrap finishes the wrap" "${out%% *}/$(readlink "$B")/$(real "$Q")" "0/qscanq/$orig"
ln "$Q" "$B.tmp" && mv "$B.tmp" "$B"             # half-way back
out=$(run "$UNWRAP")
expect_eq "half-way: install-unwrap finishes the unwrap" "${out%% *}/$(real "$B")/$(readlink "$Q")" "0/$orig/../bin/qmail-queue"

# ==== only root
check "a caller cannot run install-wrap" sh -c "! setpriv --reuid=qsqa --regid=qsqa --clear-groups '$WRAP' 2>/dev/null"
expect_eq "(still the original)" "$(real "$B")" "$orig"

finish
