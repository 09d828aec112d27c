/* limits.h: every numeric limit of the executor, with the reason for its value.
 * Config files and lang.d may lower the per-job values below; nothing may raise
 * a LIMIT_* constant at run time. */
#pragma once

/* Reading the request. */
#define LIMIT_REQUEST_BYTES     (16u << 20) /* 16 MiB: sources + stdin of a large judge test */
#define LIMIT_REQUEST_MS        5000        /* whole request must arrive in 5 s: slow clients cost nothing */
#define LIMIT_HTTP_HEADER_BYTES (16u << 10) /* 16 KiB of request line + headers, as nginx's large buffers */
#define LIMIT_JSON_TOKENS       (1u << 17)  /* 10,000 files x 5 tokens fits; 2.6 MB of tokens */
#define LIMIT_FILES             4096        /* more files than any real project sends in one request */
#define LIMIT_FILE_NAME_BYTES   255         /* one path segment, NAME_MAX */
#define LIMIT_PATH_BYTES        1024        /* a whole relative file name with its folders */
#define LIMIT_PATH_DEPTH        16          /* folders in one file name */
#define LIMIT_ARGS              256         /* args per run */
#define LIMIT_TESTS             64          /* runs per request; each costs a sandbox */
#define LIMIT_COMPILE_ARGS      64          /* compile_args: -O0, -D and -W flags; a compiler's whole
                                               option set is never this long */
#define LIMIT_COMPILE_ARG_BYTES 4096        /* one compile_arg: a -D with a long value fits */
#define LIMIT_PROBE_MS          500         /* raw mode, after a half-close: probe the client this often, so one
                                               that closed is seen within a second at any stage */
#define LIMIT_LINGER_MS         1000        /* drain the client after the reply so close() does not RST it */
#define LIMIT_REPLY_MS          10000       /* the whole reply must be taken within 10 s: past that,
                                               the client is gone or hostile */
/* Streaming runs (wire/stream.c, job/control.c). */
#define LIMIT_STREAM_PING_MS    15000       /* an idle NDJSON/SSE stream or WebSocket gets a ping this often
                                               until coderun.conf's stream_ping is read: proxies (nginx:
                                               60 s) close connections silent for longer */
#define LIMIT_STREAM_PING_MAX_MS 60000      /* stream_ping at most: longer outlives every proxy's default */
#define LIMIT_STREAM_QUEUE_BYTES (1u << 20) /* events not yet taken by the client; past it the program's
                                               output waits in its pipe (a slow reader slows the
                                               program, never grows the executor) */
#define LIMIT_INPUT_QUEUE_BYTES (4u << 20)  /* typed stdin the program has not read yet; past it the
                                               client is not read until it has (job/control.c) */
#define LIMIT_CLIENT_MESSAGE_BYTES (1u << 20) /* one client event (NDJSON line, WebSocket message) after
                                               the request */
#define LIMIT_STREAM_TIMEOUT_MS (60 * 60 * 1000) /* a streaming run's wall time: a person types slowly, but
                                               no session holds a slot for more than an hour */
#define LIMIT_DRAIN_MS          250         /* after the stage's PID 1 exited: pipes still open are held by
                                               a socket cycle of a dead job (run.c), not by a writer */
#define LIMIT_SCOPE_MS          5000        /* systemd starts our transient scope in 3-15 ms; a manager
                                               that takes 5 s is wedged, and we refuse the job */
#define LIMIT_KILL_GRACE_MS     1000        /* the stage's init holds the wall clock; ours fires this much later,
                                               only if init is wedged (sandbox setup + kill + reap fit in it) */

/* Per-job maxima that config may lower; the defaults live in coderun.conf. */
#define LIMIT_TIMEOUT_MS        (120 * 1000)   /* no job holds a slot longer than two minutes */
#define LIMIT_CPU_MS            (120 * 1000)
#define LIMIT_MEMORY_BYTES      (8ull << 30)   /* 8 GiB: a third of these hosts */
#define LIMIT_OUTPUT_BYTES      (16u << 20)    /* per stream; no more than a whole request may print */
#define LIMIT_REQUEST_OUTPUT_BYTES (16ll << 20) /* all stages of a request together: each byte
                                                 is in the reply twice (its stream and output),
                                                 6 bytes as \u0000: at most 192 MiB of reply */
#define LIMIT_CACHE_BYTES       (1ll << 40)    /* compile_cache_size: a disk's worth */
#define LIMIT_BOX_BYTES         (1ull << 30)   /* work dir tmpfs: sources and compiler output */
#define LIMIT_PROCS             4096           /* RLIMIT_NPROC per job uid */
#define LIMIT_SLOTS             256            /* concurrent jobs; each needs its own uid */

/* Fixed by design. */
#define LIMIT_NOFILE            1024           /* RLIMIT_NOFILE: runtimes need a few hundred */
#define LIMIT_BOX_INODES        16384          /* inodes in the work dir: 10,000 files + compiler output */
#define LIMIT_TMP_INODES        16384
#define LIMIT_DEV_BYTES         (1u << 20)     /* the /dev tmpfs holds only nodes and symlinks */
#define LIMIT_REPLY_BYTES       (1ull << 31)   /* virtual reservation for the reply, touched as written:
                                                  > 6 x 2 x LIMIT_REQUEST_OUTPUT_BYTES, the worst case */
#define LIMIT_CONFIG_BYTES      (64u << 10)    /* a config or lang.d file */
#define LIMIT_LANGS             128            /* lang.d files: each in the index, one parsed per job */
#define LIMIT_ARGV              64             /* words in a lang.d command line */
#define LIMIT_SOURCES           LIMIT_FILES    /* words a {sources} list adds to a command: every
                                                  file a request may send fits (lookup.c) */
#define LIMIT_ENV               32             /* words in a lang.d env line */
