#!/bin/sh
# make setup and make check for cleanq's part of the tree: idempotence, the
# generated service scripts, and instcheck reporting every wrong owner and
# mode (and make setup repairing them).
. "$(dirname "$0")/lib.sh"

sandbox setup "/bin/true" 30 || { bad "sandbox setup"; finish; exit 1; }
SRC=$S/src
SVC=$H/qscanq/cleanq

# the installed tree, less what programs make at run time
listing() {
  find "$H" \( -path "$H/qscanq/spool/*" -o -path "$SVC/log/main/*" -o -path "$SVC/supervise/*" \
    ! -path "$SVC/supervise/control" \) -prune -o -printf '%P %y %M %u %g\n' | sort
}
setup() { make -C "$SRC" -s setup > "$S/setup.log" 2>&1; }
instcheck() { "$SRC/instcheck" > "$S/instcheck.log" 2>&1; }

check "make check after the sandbox's make setup" instcheck
l1=$(listing)
check "make setup again" setup
check "make setup a third time" setup
expect_eq "make setup changes no owner or mode when run again" "$(listing)" "$l1"
check "make check still happy" instcheck

# ==== what make setup installed for cleanq
ls1() { stat -c '%A %U %G' "$1"; }
expect_eq "bin/cleanq" "$(ls1 "$H/bin/cleanq")" "-rwxr-xr-x root root"
expect_eq "bin/qscanq-stdin: execute-only (not dumpable from its exec on)" "$(ls1 "$H/bin/qscanq-stdin")" "-rwx--x--x root root"
expect_eq "bin/run-cleanq: setgid to the control group" "$(ls1 "$H/bin/run-cleanq")" "-rwx--s--x root qsqctl"
expect_eq "bin/install-wrap: root only" "$(ls1 "$H/bin/install-wrap")" "-rwx------ root root"
expect_eq "bin/install-unwrap: root only" "$(ls1 "$H/bin/install-unwrap")" "-rwx------ root root"
expect_eq "qscanq/cleanq/run" "$(ls1 "$SVC/run")" "-rwxr-xr-x root root"
expect_eq "qscanq/cleanq/log/run" "$(ls1 "$SVC/log/run")" "-rwxr-xr-x root root"
expect_eq "supervise/: group search only" "$(ls1 "$SVC/supervise")" "drwx--x--- root qsqctl"
expect_eq "supervise/control: a group-writable FIFO" "$(ls1 "$SVC/supervise/control")" "prw--w---- root qsqctl"
expect_eq "log/main belongs to the log user" "$(ls1 "$SVC/log/main")" "drwxr-xr-x qsql qsql"
expect_eq "the spool belongs to the qscanq user" "$(ls1 "$H/qscanq/spool")" "drwx------ qsqd qsqd"
for m in cleanq.8 run-cleanq.8 install-wrap.8 install-unwrap.8; do
  check "man page $m installed" test -s "$H/man/man8/$m"
done
expect_eq "the service's run script" "$(cat "$SVC/run")" "#!/bin/sh
exec 2>&1
exec '/usr/bin/setuidgid' 'qsqd' '$H/bin/cleanq'"
expect_eq "the log's run script" "$(cat "$SVC/log/run")" "#!/bin/sh
exec '/usr/bin/setuidgid' 'qsql' '/usr/bin/multilog' t s16777215 n25 ./main"

# ==== the scripts stay correct whatever conf-home holds
G=$S/gen
rm -rf "$G" && mkdir -p "$G/dt" || exit 1
weird="/tmp/it's a \"home\" \$HOME \`x\` \\ ;&|"
printf '%s\n' "$weird" > "$G/conf-home"
printf 'qsqd\nqsql\n' > "$G/conf-users"
printf '%s\n' "$G/dt" > "$G/conf-daemontools"
printf '#!/bin/sh\nfor a in "$@"; do printf "[%%s]\\n" "$a"; done\n' > "$G/dt/setuidgid"
chmod 755 "$G/dt/setuidgid"
(cd "$G" && sh "$SRC/make-cleanq-run.sh" run > run && sh "$SRC/make-cleanq-run.sh" log > logrun) || bad "make-cleanq-run.sh"
expect_eq "a home with quotes, \$, backquotes and a backslash reaches setuidgid intact" \
  "$(sh "$G/run")" "[qsqd]
[$weird/bin/cleanq]"
expect_eq "... and so does multilog's path" "$(sh "$G/logrun")" "[qsql]
[$G/dt/multilog]
[t]
[s16777215]
[n25]
[./main]"

# ==== instcheck reports every wrong owner and mode; make setup repairs them
chmod 4755 "$H/bin/cleanq"
chgrp root "$H/bin/run-cleanq"
chmod 755 "$H/bin/install-wrap"
chown qsqa "$H/bin/install-unwrap"
chmod 0700 "$SVC/supervise"
chmod 0622 "$SVC/supervise/control"
chown root "$H/qscanq/spool"
chown root "$SVC/log/main"
chmod 0777 "$SVC/run"
check "instcheck fails on a damaged tree" sh -c "! '$SRC/instcheck' > '$S/instcheck.log' 2>&1"
for w in "bin/cleanq has mode 4755 instead of 0755" \
         "bin/run-cleanq has the wrong group" \
         "bin/install-wrap has mode 0755 instead of 0700" \
         "bin/install-unwrap has the wrong owner" \
         "qscanq/cleanq/supervise has mode 0700 instead of 0710" \
         "qscanq/cleanq/supervise/control has mode 0622 instead of 0620" \
         "qscanq/spool has the wrong owner" \
         "qscanq/cleanq/log/main has the wrong owner" \
         "qscanq/cleanq/run has mode 0777 instead of 0755"; do
  check "instcheck reports: $w" grep -qF "$H/$w" "$S/instcheck.log"
done
check "make setup repairs it" setup
check "make check is happy again" instcheck
expect_eq "(run-cleanq setgid again)" "$(ls1 "$H/bin/run-cleanq")" "-rwx--s--x root qsqctl"

rm "$H/bin/run-cleanq" "$SVC/supervise/control" "$SVC/log/run"
check "instcheck fails with files missing" sh -c "! '$SRC/instcheck' > '$S/instcheck.log' 2>&1"
for w in bin/run-cleanq qscanq/cleanq/supervise/control qscanq/cleanq/log/run; do
  check "instcheck reports $w missing" grep -qF "$H/$w is missing" "$S/instcheck.log"
done
check "make setup puts them back" setup
check "make check is happy again" instcheck
expect_eq "(control a FIFO again)" "$(ls1 "$SVC/supervise/control")" "prw--w---- root qsqctl"

# qscanq/qmail-queue: make setup never touches it once it exists
rm "$H/qscanq/qmail-queue" && ln -s /bin/true "$H/qscanq/qmail-queue"
check "instcheck reports a qscanq/qmail-queue leading elsewhere" sh -c "! '$SRC/instcheck' > '$S/instcheck.log' 2>&1"
check "... and says so" grep -qF "$H/qscanq/qmail-queue points somewhere unexpected" "$S/instcheck.log"
check "make setup runs" setup
expect_eq "make setup leaves qscanq/qmail-queue alone" "$(readlink "$H/qscanq/qmail-queue")" /bin/true
rm "$H/qscanq/qmail-queue"
check "make setup makes it when it is missing" setup
expect_eq "... as the link ../bin/qmail-queue" "$(readlink "$H/qscanq/qmail-queue")" ../bin/qmail-queue
check "make check is happy at the end" instcheck

finish
