# qscanq plugged in through tcpserver's rules, as an administrator would:
#   127.0.0.1:allow,QMAILQUEUE="HOME/bin/qscanq"
#   :allow
# with the real tcprules and tcpserver (ucspi-tcp). The SMTP service is the
# qmail-smtpd stand-in, which, like qmail-smtpd, runs $QMAILQUEUE when it is
# set and bin/qmail-queue otherwise. Clients connect from 127.0.0.1 (rule:
# through qscanq) and from 127.0.0.2 (no rule: straight to the queue).
. "$(dirname "$0")/lib.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
sandbox scan "/usr/bin/clamscan -d $DB --infected --no-summary --recursive --alert-exceeds-max=yes ." 30 ||
  { bad "sandbox scan"; finish; exit 1; }
T=$QSQ_TMP/tcp
rm -rf "$T"; mkdir -p "$T/in" && chmod 755 "$T" && chmod 1777 "$T/in"
Q=$S/queue
rm -rf "$Q"; mkdir -p "$Q" && chmod 777 "$Q"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$T/env"
printf 'From: a@example.com\nSubject: clean over tcp\n\nhello\n' > "$T/clean"
{ printf 'From: a@example.com\nSubject: infected over tcp\n\n'; sh "$TOP/tests/eicar"; } > "$T/infected"
chmod 644 "$T"/env "$T"/clean "$T"/infected

# the rules, compiled by the real tcprules
printf '127.0.0.1:allow,QMAILQUEUE="%s/bin/qscanq"\n:allow\n' "$H" > "$T/rules.txt"
tcprules "$T/rules.cdb" "$T/rules.tmp" < "$T/rules.txt"
check "tcprules compiles the rules" test -s "$T/rules.cdb"

# the service: reads a length line and that many bytes (the message), then
# runs the qmail-smtpd stand-in with $QMAILQUEUE or bin/qmail-queue
cat > "$T/service" <<EOF
#!/bin/sh
f=$T/in/msg.\$\$
perl -e 'my \$n = <STDIN>; my \$m = ""; while (length(\$m) < \$n) { my \$r = read(STDIN, \$m, \$n - length(\$m), length(\$m)); last unless \$r; } print \$m' > "\$f"
[ -s "\$f" ] || exit 0 # the readiness probe sends nothing
exec env STANDIN_QUEUE=$Q $S/src/tests/fake/qmail-smtpd $H "\${QMAILQUEUE:-$H/bin/qmail-queue}" "\$f" $T/env 2>> $T/in/log
EOF
chmod 755 "$T/service"

PORT=$((20000 + $$ % 20000))
tcpserver -x "$T/rules.cdb" -u "$(id -u qsqa)" -g "$(id -g qsqa)" -RHl0 127.0.0.1 "$PORT" "$T/service" 2> "$T/tcpserver.log" &
TPID=$!
i=0
until tcpclient -RHl0 127.0.0.1 "$PORT" true 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || { bad "tcpserver did not start: $(cat "$T/tcpserver.log")"; break; }
  sleep 0.1
done

# send FROM-IP MESSAGE: prints the reply line
send() {
  tcpclient -RHl0 -i "$1" 127.0.0.1 "$PORT" sh -c "{ wc -c < $2; cat $2; } >&7; head -n 1 <&6"
}
queued() { ls "$Q" | grep -c '\.info$'; }

expect_eq "127.0.0.1, a clean message: queued through qscanq" "$(send 127.0.0.1 "$T/clean")/$(queued)" "250 ok/1"
expect_eq "127.0.0.1, an infected message: refused by qscanq" "$(send 127.0.0.1 "$T/infected")/$(queued)" \
  "554 mail server permanently rejected message (#5.3.0)/1"
grep -q "ip 127.0.0.1: refused (31): virus found" "$T/in/log" &&
  ok "the refusal's log line names the client (TCPREMOTEIP)" || bad "no TCPREMOTEIP in the log: $(cat "$T/in/log")"
grep -q "scanner: .*FOUND" "$T/in/log" && ok "the scanner's report is in the SMTP service's log" || bad "no FOUND line in the log"
expect_eq "127.0.0.2, no rule: straight to the queue, not scanned" "$(send 127.0.0.2 "$T/infected")/$(queued)" "250 ok/2"
expect_eq "only the unscanned client's infected message is in the queue" \
  "$(cat "$Q"/*.msg | grep -c '^Subject: infected over tcp')" 1

kill "$TPID" 2>/dev/null
wait "$TPID" 2>/dev/null
finish
