#!/bin/sh
# INSTALL is tested: every command INSTALL gives (after its "# " prompt)
# and every file it gives (after "   /the/file:", each line after "| ") is
# read from INSTALL itself and run, in order, in a sandbox: a copy of the
# tree, a sandbox qmail home for /var/qmail, a sandbox svscan folder (the
# real svscan) for /etc/service, the project's test database for
# /var/lib/clamav, the stand-in qmail-queue as qmail's, user qsqa as
# qmaild. A wrong option or a wrong path fails here. What cannot run here
# is checked as far as it can be: the packages apt-get would install
# exist, systemd's and sysvinit's unit names are Debian's. After the
# steps, a clean message gets 250 and EICAR 554 through the wrapped
# qmail-queue; the last steps (uninstalling) leave nothing of qscanq.
# Then README's commands: they parse and what they name exists.
# QSQ_INSTALL=FILE reads another INSTALL (to show that a bad one fails);
# QSQ_QMAIL=notqmail sets conf-qmail so (the refusal's reply says why).
. "$(dirname "$0")/lib.sh"

INST=${QSQ_INSTALL:-$TOP/INSTALL}
S=$QSQ_TMP/install
H=$S/home
SRC=$S/src
SV=$S/service
DB=$S/db
X=$S/extract
qsq_users || { bad "test users"; finish; exit 1; }

stop_all() {
  svscan_stop
  umount "$H/qscanq/spool" "$H/qscanq/clamd-tmp" 2>/dev/null
  for _d in "$H/qscanq/clamd-service" "$H/qscanq/cleanq"; do
    [ -d "$_d/supervise" ] && svc -dx "$_d" "$_d/log" 2>/dev/null
  done
  . "$TOP/tests/clamd.sh" && clamd_stop "$S/pool"
}
trap stop_all EXIT

# ==== the sandbox: a machine with qmail and svscan, nothing of qscanq
stop_all > /dev/null 2>&1
rm -rf "$S"
mkdir -p "$H/bin" "$SV" "$S/etc" "$X" && chmod 755 "$S" "$H" || { bad "sandbox"; finish; exit 1; }
qsq_copy_tree "$SRC" || { bad "copy of the tree"; finish; exit 1; }
cp "$INST" "$SRC/INSTALL" || { bad "INSTALL"; finish; exit 1; }
sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
make -C "$SRC" -s standins > "$S/standins.log" 2>&1 || { bad "stand-ins"; finish; exit 1; }
cp "$SRC/tests/fake/qmail-queue" "$H/bin/qmail-queue" && chmod 755 "$H/bin/qmail-queue" || { bad "qmail-queue"; finish; exit 1; }
svscan_start "$SV"

# Step 2, the administrator's edits for this machine: the qmail home and
# the database, and the SMTP user's stand-ins for qmail's users.
subst() {
  sed -e "s|/var/qmail|$H|g" -e "s|/etc/service|$SV|g" -e "s|/var/lib/clamav|$DB|g" \
      -e "s|/etc/tcp\.smtp|$S/etc/tcp.smtp|g" -e 's/\bqmaild\b/qsqa/g'
}
( cd "$SRC" &&
  head -n 1 conf-scanner | subst > conf-scanner.new && mv conf-scanner.new conf-scanner &&
  printf '%s\n' "$H" > conf-home &&
  printf 'qscanq\nqscanql\nqsqb\n' > conf-users &&
  printf '%s\n' "${QSQ_QMAIL:-qmail}" > conf-qmail &&
  printf '/usr/sbin/clamd\nclamav\n%s\n' "$DB" > conf-clamd &&
  # the test database has no daily database and so no date: the
  # database-age check (conf-dbage, 3 days by INSTALL's default) is off
  printf '0\n' > conf-dbage ) || { bad "conf files"; finish; exit 1; }

# ==== INSTALL's commands and files, in order
# X/list: one line per item: "cmd N SECTION" or "file N NAME"; X/N: its text
awk -v dir="$X" '
  function flush() { if (kind == "file") close(dir "/" n); kind = "" }
  /^[0-9]+\. / { flush(); sect = $1 + 0; pending = ""; next }
  sect && /^   # / {
    flush(); n++; kind = "cmd"; print "cmd " n " " sect > (dir "/list")
    line = substr($0, 6)
    while (line ~ /\\$/ && (getline nxt) > 0) { print line > (dir "/" n); sub(/^ +/, "", nxt); line = nxt }
    print line > (dir "/" n); close(dir "/" n); kind = ""; next
  }
  /^   \/[^ ]*:$/ { flush(); pending = substr($0, 4, length($0) - 4); next }
  sect && (/^   \| / || /^   \|$/) {
    if (kind != "file") { n++; kind = "file"; print "file " n " " pending > (dir "/list") }
    print substr($0, 6) > (dir "/" n); next
  }
  { flush(); pending = "" }
' "$INST"
ncmd=$(grep -c '^cmd ' "$X/list" 2>/dev/null) || ncmd=0
nfile=$(grep -c '^file ' "$X/list" 2>/dev/null) || nfile=0
echo "# INSTALL gives $ncmd commands and $nfile files"
check "INSTALL gives its commands after a '# ' prompt (20 at least)" test "$ncmd" -ge 20
check "INSTALL gives its files after bars (2 at least)" test "$nfile" -ge 2

# what cannot run here: the packages exist, the units are Debian's
pkg_ok() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' || apt-cache show "$1" > /dev/null 2>&1; }
unit_ok() { [ -f "/lib/systemd/system/$1" ] || [ -f "/usr/lib/systemd/system/$1" ]; }

# Every command that runs goes into a script, in order, each from the
# source folder (INSTALL's rule), with its status after it: R1 up to
# section 9, R2 section 10 (uninstalling), after the mail test.
R1=$S/run1.sh R2=$S/run2.sh
: > "$R1"; : > "$R2"
while read -r kind n name; do
  t=$(subst < "$X/$n")
  if [ "$kind" = file ]; then
    case $name in
      /etc/tcp.smtp)
        printf '%s\n' "$t" > "$S/etc/tcp.smtp" && ok "file $name written" || bad "file $name" ;;
      /etc/fstab)
        # its lines go to the sandbox's fstab, which INSTALL's mount
        # commands read (mount -T, below)
        printf '%s\n' "$t" >> "$S/etc/fstab" && ok "file $name written" || bad "file $name" ;;
      /etc/clamav/clamd.conf)
        # a pool member's lines: clamd must start with them (on
        # 127.0.0.1 and a port of ours instead of the example's address)
        . "$TOP/tests/clamd.sh"
        mkdir -p "$S/pool" && chmod 755 "$S/pool"
        printf '%s\n' "$t" > "$S/pool.lines"
        lines=$(grep -v -e '^TCPSocket ' -e '^TCPAddr ' "$S/pool.lines")
        check "file $name: it has TCPSocket and TCPAddr" sh -c "grep -q '^TCPSocket [0-9]' '$S/pool.lines' && grep -q '^TCPAddr ' '$S/pool.lines'"
        if clamd_start_tcp "$S/pool" "$DB" $((20000 + $$ % 10000)) "$lines" 2> "$S/pool.err"; then
          ok "file $name: clamd starts with its lines"
        else
          bad "file $name: clamd refuses its lines: $(grep -i -m1 -e unknown -e error -e parse "$S/pool.err")"
        fi
        clamd_stop "$S/pool" ;;
      *) bad "file $name: a file this test does not know" ;;
    esac
    continue
  fi
  case $t in
    apt-get\ install\ *)
      for p in ${t#apt-get install }; do
        check "command $n: package $p exists" pkg_ok "$p"
      done ;;
    systemctl\ *)
      for u in $t; do
        case $u in *.service|*.socket) check "command $n: systemd unit $u is Debian's" unit_ok "$u" ;; esac
      done ;;
    /etc/init.d/*)
      check "command $n: $t: the script is there" test -x "${t%% *}" ;;
    update-rc.d\ *)
      check "command $n: $t: the script it names is there" test -x "/etc/init.d/$(echo "$t" | awk '{ print $2 }')" ;;
    mount\ *)
      # mount by its mount point reads /etc/fstab: the sandbox's instead
      t="mount -T '$S/etc/fstab' ${t#mount }"
      R=$R1; [ "$name" -lt 10 ] || R=$R2
      { printf 'cd "%s" || exit 111\n' "$SRC"
        printf 'echo "@@begin %s $(date +%%s.%%N)"\n' "$n"
        printf '%s\n' "$t"
        printf 'echo "@@status %s $? $(date +%%s.%%N)"\n' "$n"; } >> "$R" ;;
    *)
      R=$R1; [ "$name" -lt 10 ] || R=$R2
      { printf 'cd "%s" || exit 111\n' "$SRC"
        printf 'echo "@@begin %s $(date +%%s.%%N)"\n' "$n"
        printf '%s\n' "$t"
        printf 'echo "@@status %s $? $(date +%%s.%%N)"\n' "$n"; } >> "$R" ;;
  esac
done < "$X/list"

# the text of command N's run; the number of the first command holding TEXT
out() { sed -n "/^@@begin $1 /,/^@@status $1 /p" "$S/run.log"; }
cmdno() { grep -l -F -- "$1" "$X"/[0-9]* 2>/dev/null | sed 's|.*/||' | sort -n | head -n 1; }
# a command's first line for a test's name (lib.sh's echo reads backslashes)
desc() { head -n 1 "$X/$1" | sed 's/\\/\\\\/g'; }
statuses() {
  while read -r kind n name; do
    [ "$kind" = cmd ] || continue
    grep -q "^@@begin $n " "$S/run.log" || continue
    expect_eq "command $n: $(desc "$n")" "$(sed -n "s/^@@status $n \([0-9]*\) .*/\1/p" "$S/run.log")" 0
  done < "$X/list"
}

start=$(date +%s)
sh "$R1" > "$S/run.log" 2>&1 < /dev/null
echo "# INSTALL's commands up to section 9 took $(($(date +%s) - start)) s"
statuses

# ==== what the steps must have shown
spooltmpfs() {
  _m=$(findmnt -n -o FSTYPE,OPTIONS --mountpoint "$H/qscanq/spool")
  case $_m in tmpfs*nosuid*nodev*noexec*size=1048576k*) return 0 ;; esac
  echo "# the spool's mount: '$_m'"; return 1
}
check "step 3: the spool is a tmpfs of 1 GB, nosuid, nodev, noexec" spooltmpfs
expect_eq "step 3: ... the qscanq user's, 0700, as make setup made it" "$(stat -c '%U %a' "$H/qscanq/spool")" "qscanq 700"
check "step 3: clamd's temporary folder is a tmpfs" sh -c "findmnt -n -o FSTYPE --mountpoint '$H/qscanq/clamd-tmp' | grep -qx tmpfs"
expect_eq "step 3: ... clamav's, 0700" "$(stat -c '%U %a' "$H/qscanq/clamd-tmp")" "clamav 700"
check "step 5: the service's clamd.conf names it" grep -qx "TemporaryDirectory $H/qscanq/clamd-tmp" "$H/qscanq/clamd-service/clamd.conf"
n=$(cmdno 'svstat ')
expect_eq "step 4: svstat says cleanq and its log are up" "$(out "$n" | grep -c ': up (pid')" 2
n=$(cmdno 'tai64nlocal < /var/qmail/qscanq/cleanq')
check "step 4: cleanq's log has its start line" sh -c "sed -n '/^@@begin $n /,/^@@status $n /p' '$S/run.log' | grep -q 'start: sweeping $H/qscanq/spool'"
n=$(cmdno 'clamdscan ')
check "step 5: clamd answers PONG" sh -c "sed -n '/^@@begin $n /,/^@@status $n /p' '$S/run.log' | grep -q PONG"
n=$(cmdno 'setuidgid qmaild')
out "$n" > "$S/check.out"
check "step 5: the check as qmaild answers exit 31" grep -q '^exit 31$' "$S/check.out"
check "step 5: ... with the virus name" grep -q 'virus found: Qscanq.Test.Eicar' "$S/check.out"
sed 's/^/# /' "$S/check.out"
check "step 5: the check writes into a private folder (mktemp -d), no fixed name in /tmp" \
  sh -c "grep -q 'mktemp -d' '$INST' && ! grep -q '/tmp/qsq' '$INST'"
check "step 7a: the rules compiled" test -s "$S/etc/tcp.smtp.cdb"
check "step 7a: a client gets QMAILQUEUE=qscanq from them" sh -c "env TCPREMOTEIP=192.0.2.1 tcprulescheck '$S/etc/tcp.smtp.cdb' | grep -q 'QMAILQUEUE=$H/bin/qscanq'"
check "step 7b: bin/qmail-queue leads to qscanq" test "$(readlink "$H/bin/qmail-queue")" = qscanq

# ==== mail through the result, as qmail-smtpd would send it
Q=$S/queue M=$S/mail
mkdir -p "$Q" "$M" && chmod 777 "$Q" && chmod 755 "$M"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'From: alice@example.com\nSubject: lunch\n\nSee you at noon.\n' > "$M/clean"
{ printf 'From: mallory@example.com\nSubject: test\n\n'; sh "$TOP/tests/eicar"; printf '\n'; } > "$M/eicar"
chmod 644 "$M"/*
smtp() {
  setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.1 \
    "$SRC/tests/fake/qmail-smtpd" "$H" "$H/bin/qmail-queue" "$M/$1" "$M/env" 2>/dev/null | head -n 1
}
r=$(smtp clean); echo "# clean: $r"
case $r in 250*) ok "a clean message through the wrapped qmail-queue: 250" ;; *) bad "clean: got '$r', want 250" ;; esac
expect_eq "... and queued" "$(ls "$Q" | grep -c '\.info$')" 1
r=$(smtp eicar); echo "# EICAR: $r"
case $r in 554*) ok "EICAR through the wrapped qmail-queue: 554" ;; *) bad "EICAR: got '$r', want 554" ;; esac
[ "${QSQ_QMAIL:-qmail}" != notqmail ] || case $r in
  *Qscanq.Test.Eicar*) ok "... the reply names the virus (notqmail)" ;; *) bad "... no virus name in '$r'" ;; esac
expect_eq "... and not queued" "$(ls "$Q" | grep -c '\.info$')" 1

# ==== section 10: uninstalling
sh "$R2" >> "$S/run.log" 2>&1 < /dev/null
while read -r kind n name; do
  [ "$kind" = cmd ] && [ "$name" = 10 ] || continue
  expect_eq "uninstall, command $n: $(desc "$n")" "$(sed -n "s/^@@status $n \([0-9]*\) .*/\1/p" "$S/run.log")" 0
done < "$X/list"
check "uninstalled: bin/qmail-queue is qmail's again" cmp -s "$H/bin/qmail-queue" "$SRC/tests/fake/qmail-queue"
expect_eq "uninstalled: nothing of qscanq left in the qmail home" \
  "$(cd "$H" && find . ! -path ./bin ! -path ./bin/qmail-queue ! -path . ! -path ./man ! -path ./man/man1 ! -path ./man/man8 | sort | tr '\n' ' ')" ""
expect_eq "uninstalled: nothing is mounted in the qmail home" "$(findmnt -n -l -o TARGET | grep -c -F "$H/")" 0
check "uninstalled: no clamd of ours runs" waituntil 30 sh -c "! ps -eo args | grep -q '^/usr/sbin/clamd --config-file=$H/'"
if waituntil 30 sh -c "! pgrep -P $SVSCAN supervise > /dev/null"; then
  ok "uninstalled: no supervise of ours runs"
else
  bad "uninstalled: no supervise of ours runs"
  ps -o pid,stat,args --ppid "$SVSCAN" | sed 's/^/# left: /'
  pgrep -P "$SVSCAN" supervise | while read -r p; do ps -o pid,stat,args --ppid "$p"; done | sed 's/^/# under them: /'
fi

# each command's time, in INSTALL's order
while read -r kind n name; do
  [ "$kind" = cmd ] || continue
  b=$(sed -n "s/^@@begin $n //p" "$S/run.log"); e=$(sed -n "s/^@@status $n [0-9]* //p" "$S/run.log")
  [ -n "$b" ] && [ -n "$e" ] || continue
  echo "# time $(awk -v b="$b" -v e="$e" 'BEGIN { printf "%.2f", e - b }') s, section $name: $(head -n 1 "$X/$n" | tr -d '\\')"
done < "$X/list"

# ==== README's commands: they parse, and what they name exists
check "README: tools/demo parses" sh -n "$TOP/tools/demo"
check "README: tools/deps parses" sh -n "$TOP/tools/deps"
for t in lint test sanitize setup check bench; do
  check "README: make $t is a target" grep -q "^$t:" "$TOP/Makefile"
done
sed -n '/^Install$/,/^Configuration/p' "$TOP/README" | grep -E '^  (make|ln|/var/qmail/bin/)' > "$S/readme.cmds"
while read -r c; do
  check "README's '$c' is one of INSTALL's commands" grep -q -x -F "   # $c" "$INST"
done < "$S/readme.cmds"
check "README: no /service (Debian's svscan scans /etc/service)" sh -c "! grep -q ' /service/' '$TOP/README'"

finish
