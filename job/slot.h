/* slot.h: job slots. A slot is a lock file; holding it grants the slot's uid. */
#pragma once
#include <stdbool.h>
#include "config/config.h"

/* Take a free slot: *ret_slot its number, *ret_fd the lock (held until exit).
 * -EBUSY when every slot is taken, or (stream) every slot a streaming run may take. */
int slot_take(const struct config *cfg, bool stream, unsigned *ret_slot, int *ret_fd);

/* How many slots are free right now (for /health; a snapshot, not a promise). */
int slot_count_free(const struct config *cfg, unsigned *ret_free);
