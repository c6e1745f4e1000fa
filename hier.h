#ifndef HIER_H
#define HIER_H

/* hier() describes the installed tree once; install and instcheck each
   give these verbs their own meaning. A group of 0 means the owner's
   primary group. */
extern void hier(void);

/* A folder that belongs to qmail: made if missing (root, 0755), otherwise
   left exactly as it is. */
extern void q(const char *home, const char *subdir);
/* A folder of qscanq's own. */
extern void d(const char *home, const char *subdir, const char *user, const char *group, int mode);
/* A file, copied from the build folder's source. */
extern void c(const char *home, const char *subdir, const char *name, const char *source,
              const char *user, const char *group, int mode);
/* A named pipe. */
extern void p(const char *home, const char *subdir, const char *name,
              const char *user, const char *group, int mode);
/* qscanq/qmail-queue: a symbolic link to target until install-wrap replaces
   it with the real binary; install never touches it once it exists. */
extern void w(const char *home, const char *subdir, const char *name, const char *target);

#endif
