/*
 * Hover text for known keys (keydocs.c).
 */
#ifndef SW_LSP_KEYDOCS_H
#define SW_LSP_KEYDOCS_H

#include <stdbool.h>

/* segs: the key path ("provider", "logs", "websocket", "level"; "[]" for a
   list item). NULL when the key is not one slsws explains. */
const char *sw_key_doc(const char *const *segs, unsigned n);

#endif
