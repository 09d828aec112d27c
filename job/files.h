/* files.h: the request's files, written into the work dir. */
#pragma once
#include <sys/types.h>
#include "config/lang.h"
#include "base/request.h"

/* Write every file under box_fd (names already validated by request_parse; a
 * missing name becomes lang->file). */
int files_write(int box_fd, const struct request *req, const struct lang *lang,
                uid_t uid, gid_t gid, struct problem *p);

/* One file (is_dir: a folder, which may exist) at name under box_fd, its folders made
 * as needed, owned by uid and gid with mode's permissions; name must be relative,
 * without "." or ".." (-EINVAL). A file must be new (-EEXIST). */
int files_put(int box_fd, const char *name, bool is_dir, const char *data, size_t len,
              unsigned mode, uid_t uid, gid_t gid);
