/* files.h: the request's files, written into the work dir. */
#pragma once
#include <sys/types.h>
#include "config/lang.h"
#include "base/request.h"

/* Write every file under box_fd (names already validated by request_parse; a
 * missing name becomes lang->file). */
int files_write(int box_fd, const struct request *req, const struct lang *lang,
                uid_t uid, gid_t gid, struct problem *p);
