/* lib/request.js: the request a run sends (docs/protocol.md, "Request"), built from
 * what the glue gathered: the runtime, the entry file (or the selection) and the
 * folder's other files, stdin, the limits in the settings' units, tests. It checks
 * nothing the server checks again (names, sizes): the server's refusal says it
 * better. It never touches the network or the file system. */
"use strict";

/* buildRequest({ runtime, entry: {name, text} (name null: the language's default), others: [{name, content, encoding}],
 * stdin, limits: {timeSeconds, cpuSeconds, memoryMiB}, tty, tests: [{stdin,
 * expected}] }): the request object, without the framing's own fields (init). */
function buildRequest({ runtime, entry, others = [], stdin = "", limits = {}, tty = false, tests }) {
        const req = {
                language: runtime.language,
                version: runtime.version || "*",
                files: [entry.name ? { name: entry.name, content: entry.text } : { content: entry.text }],
        };
        for (const f of others)
                if (f.name !== entry.name)
                        req.files.push(f.encoding && f.encoding !== "utf8"
                                ? { name: f.name, content: f.content, encoding: f.encoding }
                                : { name: f.name, content: f.content });
        if (stdin !== "")
                req.stdin = stdin;
        if (limits.timeSeconds)
                req.run_timeout = Math.max(1, Math.round(limits.timeSeconds * 1000));
        if (limits.cpuSeconds)
                req.run_cpu_time = Math.max(1, Math.round(limits.cpuSeconds * 1000));
        if (limits.memoryMiB)
                req.run_memory_limit = Math.max(1, Math.round(limits.memoryMiB * 1024 * 1024));
        if (tests) {
                req.tests = tests.map((t) => ({ stdin: t.stdin, expected_output: t.expected }));
        } else if (tty) {
                req.tty = true;
        }
        return req;
}

/* The request's limit fields and the settings that set them, for a refusal such as
 * "run_timeout: 99999 is above the server's maximum 15000". */
const LIMIT_SETTINGS = {
        run_timeout: { setting: "coderun.limits.time", unit: "ms" },
        run_cpu_time: { setting: "coderun.limits.cpuTime", unit: "ms" },
        run_memory_limit: { setting: "coderun.limits.memory", unit: "bytes" },
};

module.exports = { buildRequest, LIMIT_SETTINGS };
