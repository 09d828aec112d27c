/* parse-fields.h: the field checks of the request parser (parse-fields.c) and its
 * files (parse-files.c). Inside the wire layer only. */
#pragma once
#include <stddef.h>
#include "base/err.h"
#include "base/json.h"
#include "base/request.h"

#define BIT(f) (1u << (f))

/* "AT: WHAT" as bad_request; always <0. */
int parse_bad(struct problem *p, const char *at, const char *what);
int parse_oom(struct problem *p);
/* Which of names[] the key is (its index); unknown and repeated keys are refused,
 * seen has a bit per name. obj names the object for the message ("" at the top). */
int parse_key(const struct json *j, int key, const char *const *names, size_t n,
              unsigned *seen, const char *obj, struct problem *p);
int parse_string(const struct json *j, int i, const char *at, struct blob *ret,
                 struct problem *p);
/* A string without NUL; max > 0 also bounds its bytes. */
int parse_text(const struct json *j, int i, const char *at, size_t max, char **ret,
               struct problem *p);
/* Which of names[] the string is. */
int parse_enum(const struct json *j, int i, const char *at, const char *const *names,
               size_t n, int *ret, struct problem *p);
/* A stage limit: an integer >= -1. */
int parse_limit(const struct json *j, int i, const char *at, long long *ret,
                struct problem *p);

/* A "checker" or "tests[].checker" (parse-checker.c); a checker program into
 * *ret_prog, which is NULL where none may be (a test's). */
int parse_checker(const struct json *j, int v, const char *at, struct checker *ret,
                  struct request **ret_prog, struct problem *p);
/* A checker program's object (typed: it has the "type" its caller read) or the
 * interactor's, at field at, into a new *ret (parse-program.c). */
int parse_program(const struct json *j, int obj, const char *at, bool typed,
                  struct request **ret, struct problem *p);

/* The "files" at field (e.g. "checker.files") into req: names validated, contents
 * decoded (parse-files.c). */
int parse_files(const struct json *j, int arr, const char *field, struct request *req,
                struct problem *p);
/* "source" at field at: req's one file, of the language's default name. */
int parse_source(const struct json *j, int v, const char *at, struct request *req,
                 struct problem *p);
