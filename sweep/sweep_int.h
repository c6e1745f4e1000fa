#ifndef SWEEP_INT_H
#define SWEEP_INT_H

/* The remover's own steps (sweep.h has its contract). A folder is emptied
   one level deep and its subfolders are moved up into top, the folder
   being deleted, where they wait their turn: nothing recurses deeper than
   sweep_rmentry -> sweep_clear -> sweep_rmentry. */
#include "fmt.h"
#include "sweep.h"

/* .cleanq. + hex counter + NUL */
#define SWEEP_HOISTNAME (8 + FMT_XLONG + 1)

extern int sweep_halted(struct sweep *s);
extern int sweep_spent(struct sweep *s, unsigned long n);
extern void sweep_hoistname(char *buf, unsigned long n);
extern void sweep_hoist(struct sweep *s, int dir, const char *name, int top);
extern void sweep_rmentry(struct sweep *s, int dir, const char *name, int top, unsigned char type);
extern void sweep_clear(struct sweep *s, int parent, const char *name, int top);
extern int sweep_empty(struct sweep *s, int top);

#endif
