# Writes cleanq's service scripts from conf-home, conf-users and
# conf-daemontools: make-cleanq-run.sh run (the service) or log (its log).
# Every value is single-quoted for the shell, whatever it holds.
quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
home=`head -n 1 conf-home`
dt=`head -n 1 conf-daemontools`
echo '#!/bin/sh'
case "$1" in
  run)
    echo 'exec 2>&1'
    echo "exec $(quote "$dt/setuidgid") $(quote "`sed -n 1p conf-users`") $(quote "$home/bin/cleanq")"
    ;;
  log)
    # The record of every message (cleanq(8)): its summary line and its
    # deletion, about 400 bytes a message (a refused one's envelope makes
    # it up to 2,000). 25 files of 16 MB (multilog's largest), about
    # 400 MB: about 1,000,000 messages, a month of 30,000 a day.
    echo "exec $(quote "$dt/setuidgid") $(quote "`sed -n 2p conf-users`") $(quote "$dt/multilog") t s16777215 n25 ./main"
    ;;
  *)
    echo "make-cleanq-run.sh: usage: make-cleanq-run.sh run|log" >&2
    exit 100
    ;;
esac
