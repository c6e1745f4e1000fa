#ifndef ENV_H
#define ENV_H

extern char **environ;
extern const char *env_get(const char *name);

#endif
