/* args.c: the command line into struct args: options, files, the program's
 * arguments after --, limits with their units. It reads no file and opens no
 * connection; everything it refuses is CLI_EXIT_USAGE. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include "base/util.h"
#include "cli/args.h"
#include "cli/body.h"
#include "cli/units.h"

enum {
        OPT_TIMEOUT = 256, OPT_CPU, OPT_MEMORY, OPT_COMPILE_TIMEOUT, OPT_COMPILE_CPU,
        OPT_COMPILE_MEMORY, OPT_TEST, OPT_TESTS, OPT_LIST, OPT_JSON, OPT_ENCODING, OPT_VERSION,
        OPT_NO_STREAM, OPT_CHECKER, OPT_STOP, OPT_COMPILE_ARG, OPT_INTERACTOR, OPT_JUDGE_LANGUAGE,
};

/* A leading ':' makes getopt report a missing value apart from an unknown option. */
static const char short_opts[] = ":l:V:i:s:th";

static const struct option long_opts[] = {
        { "language",         required_argument, NULL, 'l' },
        { "lang-version",     required_argument, NULL, 'V' },
        { "stdin",            required_argument, NULL, 'i' },
        { "server",           required_argument, NULL, 's' },
        { "timeout",          required_argument, NULL, OPT_TIMEOUT },
        { "cpu-time",         required_argument, NULL, OPT_CPU },
        { "memory",           required_argument, NULL, OPT_MEMORY },
        { "compile-timeout",  required_argument, NULL, OPT_COMPILE_TIMEOUT },
        { "compile-cpu-time", required_argument, NULL, OPT_COMPILE_CPU },
        { "compile-memory",   required_argument, NULL, OPT_COMPILE_MEMORY },
        { "test",             required_argument, NULL, OPT_TEST },
        { "tests",            required_argument, NULL, OPT_TESTS },
        { "list",             no_argument,       NULL, OPT_LIST },
        { "json",             no_argument,       NULL, OPT_JSON },
        { "encoding",         required_argument, NULL, OPT_ENCODING },
        { "tty",              no_argument,       NULL, 't' },
        { "no-stream",        no_argument,       NULL, OPT_NO_STREAM },
        { "checker",          required_argument, NULL, OPT_CHECKER },
        { "interactor",       required_argument, NULL, OPT_INTERACTOR },
        { "judge-language",   required_argument, NULL, OPT_JUDGE_LANGUAGE },
        { "stop-on-failure",  no_argument,       NULL, OPT_STOP },
        { "compile-arg",      required_argument, NULL, OPT_COMPILE_ARG },
        { "help",             no_argument,       NULL, 'h' },
        { "version",          no_argument,       NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
};

/* Each limit option, the request field it sets, and whether it is a size. The
 * messages name a limit by its flag (args_limit_flag), never by its field. */
static const struct {
        int opt;
        const char *flag, *field;
        bool bytes;
} limit_opts[ARGS_LIMITS] = {
        { OPT_TIMEOUT,         "--timeout",          "run_timeout",          false },
        { OPT_CPU,             "--cpu-time",         "run_cpu_time",         false },
        { OPT_MEMORY,          "--memory",           "run_memory_limit",     true },
        { OPT_COMPILE_TIMEOUT, "--compile-timeout",  "compile_timeout",      false },
        { OPT_COMPILE_CPU,     "--compile-cpu-time", "compile_cpu_time",     false },
        { OPT_COMPILE_MEMORY,  "--compile-memory",   "compile_memory_limit", true },
};

static int set_limit(struct args *a, int opt, const char *value, const char *name,
                     struct failure *f) {
        for (size_t i = 0; i < ARGS_LIMITS; i++) {
                long long v;
                size_t k;

                if (limit_opts[i].opt != opt)
                        continue;
                if (units_parse(value, limit_opts[i].bytes, &v) < 0)
                        return fail_set(f, CLI_EXIT_USAGE, limit_opts[i].bytes ?
                                        "%s: \"%s\" is not a size (e.g. 256M, 1G, 512K, or bytes)" :
                                        "%s: \"%s\" is not a duration (e.g. 2, 1.5s, 500ms, 1m)",
                                        name, value);
                /* The last of a repeated option wins, as with most tools. */
                for (k = 0; k < a->n_limits; k++)
                        if (a->limits[k].field == limit_opts[i].field)
                                break;
                a->limits[k] = (struct args_limit){ limit_opts[i].field, value, v };
                if (k == a->n_limits)
                        a->n_limits++;
                return 0;
        }
        return -EINVAL;
}

const char *args_limit_flag(const char *field, bool *ret_bytes) {
        for (size_t i = 0; i < ARGS_LIMITS; i++)
                if (streq(limit_opts[i].field, field)) {
                        *ret_bytes = limit_opts[i].bytes;
                        return limit_opts[i].flag;
                }
        return NULL;
}

const char *args_limit_text(const struct args *a, const char *field) {
        for (size_t i = 0; i < a->n_limits; i++)
                if (streq(a->limits[i].field, field))
                        return a->limits[i].text;
        return NULL;
}

/* Whether long option `name` (len bytes, no "=value") takes a value, resolving an
 * unambiguous prefix as getopt_long does. */
static bool long_takes_value(const char *name, size_t len) {
        const struct option *match = NULL;
        int n = 0;

        for (const struct option *o = long_opts; o->name; o++) {
                if (strncmp(o->name, name, len) != 0)
                        continue;
                if (strlen(o->name) == len)
                        return o->has_arg == required_argument;
                match = o;
                n++;
        }
        return n == 1 && match->has_arg == required_argument;
}

/* The index of the `--` that ends coderun's own arguments, or argc. getopt_long
 * would drop it while moving files before it, and what follows it belongs to the
 * program, so it is found first, skipping option values (`-i --` reads a file
 * named --). */
static int find_split(int argc, char **argv) {
        for (int i = 1; i < argc; i++) {
                const char *s = argv[i];

                if (streq(s, "--"))
                        return i;
                if (s[0] != '-' || s[1] == '\0')
                        continue;
                if (s[1] == '-') {
                        if (!strchr(s, '=') && long_takes_value(s + 2, strlen(s + 2)))
                                i++;
                        continue;
                }
                for (const char *c = s + 1; *c; c++) {
                        const char *o = strchr(short_opts + 1, *c);

                        if (o && *c != ':' && o[1] == ':') {
                                if (c[1] == '\0')
                                        i++;
                                break;
                        }
                }
        }
        return argc;
}

/* --test IN:OUT, split at the last colon (a file name may hold one, the OUT
 * of a pair rarely does). */
static int add_test(struct args *a, char *value, struct failure *f) {
        char *colon = strrchr(value, ':');

        if (!colon || colon == value || colon[1] == '\0')
                return fail_set(f, CLI_EXIT_USAGE, "--test: \"%s\" is not IN:OUT "
                                "(stdin file and expected output file)", value);
        if (a->n_tests >= CLI_TESTS)
                return fail_set(f, CLI_EXIT_USAGE, "--test: more than %d tests "
                                "(the server runs at most %d per request)", CLI_TESTS, CLI_TESTS);
        *colon = '\0';
        a->tests[a->n_tests++] = (struct args_test){ value, colon + 1 };
        return 0;
}

static int check_text(const char *what, const char *s, struct failure *f) {
        if (!body_text_ok(s, strlen(s)))
                return fail_set(f, CLI_EXIT_USAGE, "%s is not valid UTF-8: the protocol "
                                "carries it as text", what);
        return 0;
}

/* What no single option can check: files, their order, options that exclude
 * each other. */
static int check_args(struct args *a, struct failure *f) {
        bool testing = a->n_tests > 0 || a->tests_dir;
        int r;

        if (a->list)
                return a->n_files > 0 || testing || a->n_prog_args > 0 ?
                        fail_set(f, CLI_EXIT_USAGE, "--list takes no files, tests or arguments") : 0;
        if (a->n_files == 0)
                return fail_set(f, CLI_EXIT_USAGE, "no source file given");
        if (a->n_files > CLI_FILES)
                return fail_set(f, CLI_EXIT_USAGE, "more than %d files (the server's limit)", CLI_FILES);
        for (size_t i = 1; i < a->n_files; i++)
                if (streq(a->files[i], "-"))
                        return fail_set(f, CLI_EXIT_USAGE, "only the first file (the entry point) "
                                        "can be - (the source on stdin)");
        if (streq(a->files[0], "-") && !a->language)
                return fail_set(f, CLI_EXIT_USAGE, "the source is read from stdin: "
                                "name its language with -l LANG");
        if (streq(a->files[0], "-") && a->stdin_path && streq(a->stdin_path, "-"))
                return fail_set(f, CLI_EXIT_USAGE, "-i -: stdin already holds the source");
        if ((r = args_check_judging(a, f)) < 0)
                return r;
        if (testing && a->stdin_path)
                return fail_set(f, CLI_EXIT_USAGE, "-i and --test/--tests: each test has its own stdin");
        /* --tty is a live run's terminal: whatever makes a run batch excludes it. */
        if (a->tty && (testing || a->stdin_path || a->json || a->no_stream))
                return fail_set(f, CLI_EXIT_USAGE, "--tty makes a live run: it cannot go with %s",
                                testing ? "--test/--tests" : a->stdin_path ? "-i" :
                                a->json ? "--json" : "--no-stream");
        if (a->n_prog_args > CLI_ARGS)
                return fail_set(f, CLI_EXIT_USAGE, "more than %d program arguments (the server's limit)",
                                CLI_ARGS);
        for (size_t i = 0; i < a->n_prog_args; i++) {
                r = check_text("a program argument", a->prog_args[i], f);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < a->n_compile_args; i++)
                if ((r = check_text("a --compile-arg", a->compile_args[i], f)) < 0)
                        return r;
        if (a->language && (r = check_text("-l", a->language, f)) < 0)
                return r;
        if (a->version && (r = check_text("-V", a->version, f)) < 0)
                return r;
        if (a->judge_language && (r = check_text("--judge-language", a->judge_language, f)) < 0)
                return r;
        return 0;
}

static int set_option(struct args *a, int c, char *value, const char *name, struct failure *f) {
        switch (c) {
        case 'l':
                a->language = value;
                return 0;
        case 'V':
                a->version = value;
                return 0;
        case 'i':
                a->stdin_path = value;
                return 0;
        case 's':
                a->server = value;
                return 0;
        case OPT_TEST:
                return add_test(a, value, f);
        case OPT_TESTS:
                a->tests_dir = value;
                return 0;
        case OPT_LIST:
                a->list = true;
                return 0;
        case OPT_JSON:
                a->json = true;
                return 0;
        case 't':
                a->tty = true;
                return 0;
        case OPT_NO_STREAM:
                a->no_stream = true;
                return 0;
        case OPT_CHECKER:
                return args_checker(a, value, f);
        case OPT_INTERACTOR:
                a->interactor_file = value;
                return 0;
        case OPT_JUDGE_LANGUAGE:
                a->judge_language = value;
                return 0;
        case OPT_STOP:
                a->stop_on_failure = true;
                return 0;
        case OPT_COMPILE_ARG:
                return args_compile_arg(a, value, f);
        case OPT_ENCODING:
                if (streq(value, "utf8"))
                        a->encoding = ENCODING_UTF8;
                else if (streq(value, "base64"))
                        a->encoding = ENCODING_BASE64;
                else
                        return fail_set(f, CLI_EXIT_USAGE, "--encoding: \"%s\" is not utf8 or base64", value);
                return 0;
        case 'h':
                a->help = true;
                return 0;
        case OPT_VERSION:
                a->show_version = true;
                return 0;
        default:
                return set_limit(a, c, value, name, f);
        }
}

int args_parse(int argc, char **argv, struct args *ret, struct failure *f) {
        struct args a = { .encoding = ENCODING_DEFAULT };
        int split = find_split(argc, argv), c, r;
        const char *env;

        opterr = 0;
        for (;;) {
                int index = -1;
                char name[32];
                /* For an error, getopt has just moved past the option's word. */
                const char *word;

                c = getopt_long(split, argv, short_opts, long_opts, &index);
                if (c == -1)
                        break;
                word = argv[optind - 1];

                if (c == '?')
                        return optopt && optopt < 256 ?
                                fail_set(f, CLI_EXIT_USAGE, "unknown option -%c", optopt) :
                                fail_set(f, CLI_EXIT_USAGE, "unknown option %s", word);
                if (c == ':')
                        return fail_set(f, CLI_EXIT_USAGE, "option %s needs a value", word);
                if (index >= 0)
                        snprintf(name, sizeof(name), "--%s", long_opts[index].name);
                else
                        snprintf(name, sizeof(name), "-%c", c);
                r = set_option(&a, c, optarg, name, f);
                if (r < 0)
                        return r;
        }
        a.files = argv + optind;
        a.n_files = (size_t)(split - optind);
        if (split < argc) {
                a.prog_args = argv + split + 1;
                a.n_prog_args = (size_t)(argc - split - 1);
        }
        if (!a.server) {
                env = getenv("CODERUN_SERVER");
                a.server = env && *env ? env : CLI_SERVER_DEFAULT;
        }
        if (!a.help && !a.show_version) {
                r = check_args(&a, f);
                if (r < 0)
                        return r;
        }
        *ret = a;
        return 0;
}
