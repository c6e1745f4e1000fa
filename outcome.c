#include <fcntl.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "env.h"
#include "qsq.h"
#include "qsq_safe.h"
#include "str.h"
#include "outcome.h"

/* factsfd: qscanq's facts pipe (pair_args: -1, or a number above 2 but
   6). Anything that is not a pipe open for writing is ignored: run by
   hand, qscanq-stdin tells nobody. The fd is closed on exec, so neither
   the scanner nor the real qmail-queue holds it. */
void outcome_start(struct outcome *o, const char *id, int factsfd, const char *scanner)
{
  size_t len;
  o->id = id;
  o->ip = env_get("TCPREMOTEIP");
  len = str_rchr(scanner, '/');
  o->scanner = scanner[len] ? scanner + len + 1 : scanner;
  o->factsfd = -1;
  if (factsfd == -1) return;
  if (!verdict_channel(factsfd)) return;
  if (fcntl(factsfd, F_SETFD, FD_CLOEXEC) == -1) return;
  o->factsfd = factsfd;
}

/* One relayed scanner line: keeps the first name the scanner reports,
   but a virus over a "beyond my limits" name. */
void outcome_found(struct outcome *o, const char *line, size_t len)
{
  size_t at;
  size_t n;
  if (!verdict_found(line, len, &at, &n)) return;
  if (o->name[0] && !str_start(o->name, VERDICT_LIMITNAME)) return;
  if (o->name[0] && n >= sizeof VERDICT_LIMITNAME - 1 && str_start(line + at, VERDICT_LIMITNAME)) return;
  verdict_name(o->name, line + at, n);
}

/* clamd_scan's result: the server whose answer counted, and the name it
   gave (already cut to clamd_sanitise's alphabet; cut again here). */
void outcome_clamd(struct outcome *o, const char *served, const char *name, size_t len, enum verdict_kind scanned)
{
  if (served) o->scanner = served;
  if (name && len) verdict_name(o->name, name, len);
  o->scanned = scanned;
}

/* A server passed over (clamd_scan's log line, "SERVER: why"): its name
   joins the list for the summary, as far as there is room; verdict_facts
   cuts it to a server's alphabet. */
void outcome_failover(struct outcome *o, const char *line)
{
  size_t len = str_len(o->failover);
  size_t i;
  if (len && len + 1 < sizeof o->failover) o->failover[len++] = ',';
  for (i = 0; line[i] && !(line[i] == ':' && line[i + 1] == ' ') && len + 1 < sizeof o->failover; ++i)
    o->failover[len++] = line[i];
  o->failover[len] = 0;
}

/* the database version of the clamd whose answer counted ("1.4.6/27500") */
void outcome_db(struct outcome *o, const char *db, size_t len)
{
  if (!db) return;
  o->db[qsq_filter(o->db, db, len < VERDICT_NAME ? len : VERDICT_NAME, QSQ_DBCHARS)] = 0;
}

/* The name a policy rule decided on (a signature's, an attachment's) and
   the rule, both cut to their alphabets. */
void outcome_rule(struct outcome *o, const char *name, size_t len, const char *rule)
{
  if (name) verdict_name(o->name, name, len);
  o->rule[0] = 0;
  qsq_safe(o->rule, 0, sizeof o->rule, rule, QSQ_RULECHARS, VERDICT_NAME);
}

/* One write, never blocking: both pipes are read only after we exit, and
   what we write is far below PIPE_BUF, so a full pipe means a caller that
   is not what we think. 0 if all of it went. */
static int put(int fd, const char *s, size_t len)
{
  int flags = fcntl(fd, F_GETFL);
  if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1) return -1;
  return write(fd, s, len) == (ssize_t) len ? 0 : -1;
}

static void facts(struct outcome *o, enum verdict_kind k, unsigned long queue)
{
  char buf[VERDICT_FACTS + 1];
  struct verdict_facts f;
  size_t len;
  if (o->factsfd == -1) return;
  f.kind = k;
  f.queue = queue;
  f.name = o->name[0] ? o->name : 0;
  f.ip = o->ip;
  f.bytes = o->bytes;
  f.parts = o->parts;
  f.scanner = o->scanner;
  f.failover = o->failover[0] ? o->failover : 0;
  f.envelope = o->envelope;
  f.db = o->db[0] ? o->db : 0;
  f.rule = o->rule[0] ? o->rule : 0;
  len = verdict_facts(buf, &f);
  buf[len++] = '\n';
  (void) put(o->factsfd, buf, len); /* best effort: qscanq says "no report" */
}

/* The message is refused or deferred with code: tells qscanq, and the
   caller on fd 6 where that channel is. Returns the code to exit with:
   82 once the whole reply is on fd 6, else code unchanged (a reply that
   could not be written must not turn a refusal into a deferral). */
int outcome_tell(struct outcome *o, int code, int timedout)
{
  char reply[VERDICT_REPLY + 1];
  enum verdict_kind k = verdict_kind(code, o->stage, timedout, o->name[0] ? o->name : 0);
  size_t len;
  if (k == VERDICT_VIRUS) k = o->scanned;
  if (o->attach && (k == VERDICT_VIRUS || k == VERDICT_UNPACKLIMIT)) k = VERDICT_ATTACH;
  if (o->held && (k == VERDICT_SCANFAIL || k == VERDICT_TEMP)) k = VERDICT_HELD;
  facts(o, k, 0);
  if (!auto_notqmail || !verdict_channel(QSQ_REPLYFD)) return code;
  len = verdict_reply(reply, k, o->name[0] ? o->name : 0, o->rule[0] ? o->rule : 0, o->id);
  if (put(QSQ_REPLYFD, reply, len) == -1) return code;
  return QSQ_EXIT_REPLY;
}

/* The message is clean: the real qmail-queue, process queue, is about to
   get its envelope; its exit code is what qscanq will see. */
void outcome_queue(struct outcome *o, unsigned long queue)
{
  facts(o, VERDICT_CLEAN, queue);
}
