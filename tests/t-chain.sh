#!/bin/sh
# Another filter behind qscanq (INSTALL 7c): HOME/qscanq/qmail-queue may be
# any program that takes qmail-queue's interface, as qmail-qfilter or a
# spam filter does. A filter stand-in there, which adds a header and runs
# the qmail-queue stand-in, or refuses a message of its own (exit 31):
# a clean message goes qscanq -> filter -> qmail-queue (250, the header
# queued, the envelope whole); EICAR is refused by qscanq and never
# reaches the filter; the filter's refusal is the SMTP reply (554); make
# setup and make check accept the filter in place of the link.
. "$(dirname "$0")/lib.sh"

SCANNER="/usr/bin/clamscan --no-summary --infected --recursive --database=$QSQ_TMP/chain-db ."
sh "$TOP/tests/mkdb" "$QSQ_TMP/chain-db" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
sandbox chain "$SCANNER" 60 || { bad "sandbox chain"; finish; exit 1; }
Q=$S/queue M=$S/mail F=$S/filtered
rm -rf "$Q" "$M" "$F"
mkdir -p "$Q" "$M" "$F" && chmod 777 "$Q" "$F" && chmod 755 "$M" || { bad "setup"; finish; exit 1; }

# the filter: qmail-queue's interface on both sides; it runs the real
# qmail-queue by its name, never $QMAILQUEUE
rm -f "$H/qscanq/qmail-queue"
cat > "$H/qscanq/qmail-queue" <<EOF
#!/bin/sh
echo ran >> '$F/runs' || exit 71
t=\$(mktemp '$F/m.XXXXXX') || exit 71
cat > "\$t" || exit 54
if grep -q 'BUY-NOW' "\$t"; then rm -f "\$t"; exit 31; fi
{ printf 'X-Filter: seen\n'; cat "\$t"; } | '$H/bin/qmail-queue'
st=\$?
rm -f "\$t"
exit \$st
EOF
chmod 755 "$H/qscanq/qmail-queue"
check "make setup leaves the filter alone" sh -c "make -C '$S/src' -s setup > /dev/null 2>&1 && grep -q X-Filter '$H/qscanq/qmail-queue'"
check "make check accepts it" sh -c "'$S/src/instcheck' > /dev/null 2>&1"

printf 'Fsender@example.com\0Trcpt1@example.com\0Trcpt2@example.com\0\0' > "$M/env"
printf 'From: alice@example.com\nSubject: lunch\n\nSee you at noon.\n' > "$M/clean"
printf 'From: spammer@example.com\nSubject: offer\n\nBUY-NOW\n' > "$M/spam"
{ printf 'From: mallory@example.com\nSubject: test\n\n'; sh "$TOP/tests/eicar"; printf '\n'; } > "$M/eicar"
chmod 644 "$M"/*
smtp() {
  setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.1 \
    QMAILQUEUE="$H/bin/qscanq" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/$1" "$M/env" 2>/dev/null | head -n 1
}
queued() { ls "$Q" | grep -c '\.info$'; }

r=$(smtp clean)
case $r in 250*) ok "clean: qscanq -> filter -> qmail-queue: 250" ;; *) bad "clean: got '$r', want 250" ;; esac
expect_eq "one message queued" "$(queued)" 1
check "the filter's header is in the queued message" grep -q '^X-Filter: seen$' "$Q"/*.msg
check "and the message after it" grep -q '^See you at noon.$' "$Q"/*.msg
check "the envelope reached qmail-queue whole" grep -q 'rcpt2@example.com' "$Q"/*.env
r=$(smtp spam)
case $r in 554*) ok "the filter's own refusal (31) is the reply: 554" ;; *) bad "spam: got '$r', want 554" ;; esac
n=$(wc -l < "$F/runs")
r=$(smtp eicar)
case $r in 554*) ok "EICAR: refused by qscanq, 554" ;; *) bad "EICAR: got '$r', want 554" ;; esac
expect_eq "still one message queued" "$(queued)" 1
expect_eq "EICAR never reached the filter" "$(wc -l < "$F/runs")" "$n"
expect_eq "the filter ran twice (clean and spam)" "$n" 2
finish
