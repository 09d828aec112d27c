/* limitnote.h: a limit the server reported, in the user's terms: the flag that
 * sets it and the units that flag takes. Two cases: a stage stopped at a limit
 * ("memory limit exceeded (64M): --memory raises it"), and a request refused for a
 * limit above the server's maximum ("--memory 4G is above the server's maximum of
 * 2G"). Both read the server's messages, whose wording docs/protocol.md gives; a
 * message in another wording (another server) is passed on as it came, with the
 * flag named when the status tells which. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "cli/args.h"
#include "cli/reply.h"

/* The note for stage s (compile: its compile stage), stopped with status TO, ML,
 * OL or EL, into buf[size]. */
void limitnote_stage(const struct stage *s, bool compile, char *buf, size_t size);

/* An error reply's message in the user's terms, into buf[size]: true when it is a
 * limit above the server's maximum for a field a flag sets. */
bool limitnote_refusal(const struct args *a, const char *message, char *buf, size_t size);
