/* The settings fail closed, and outcomes read as the person should read them. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { readSettings, SettingsError } = require("../lib/settings");
const { outcomeLine, stageLine, bytes, seconds } = require("../lib/words");
const { parseServer, AddressError } = require("../lib/address");
const { buildRequest } = require("../lib/request");

const read = (v) => readSettings((k) => v[k]);

test("a setting of the wrong type or out of range is refused by name, never clamped", () => {
        assert.throws(() => read({ "limits.time": 0 }), /coderun\.limits\.time: 0 is not a number of seconds/);
        assert.throws(() => read({ "limits.memory": "256M" }), /coderun\.limits\.memory/);
        assert.throws(() => read({ output: "panel" }), /coderun\.output: "panel"/);
        assert.throws(() => read({ languageMap: { c: 3 } }), /coderun\.languageMap: "c"/);
        assert.throws(() => read({ tty: "yes" }), SettingsError);
        assert.throws(() => read({ "sendFolder.ignore": [""] }), /sendFolder\.ignore/);
        assert.throws(() => read({ server: "127.0.0.1:7070" }), /write http:\/\/127\.0\.0\.1:7070/);
        assert.throws(() => parseServer("ftp://x"), AddressError);
        const s = read({});
        assert.deepEqual([s.server.connect, s.output, s.saveBeforeRun, s.folder.maxKiB],
                         ["ws://127.0.0.1:7070/api/v2/connect", "terminal", true, 1024]);
        assert.equal(parseServer("https://h.example/run/").connect, "wss://h.example/run/api/v2/connect");
});

test("the limits go to the request in the server's units", () => {
        const r = buildRequest({ runtime: { language: "c", version: "12.2.0" }, entry: { name: "a.c", text: "" },
                                 limits: { timeSeconds: 1.5, cpuSeconds: 2, memoryMiB: 64 }, tty: true });
        assert.deepEqual(r, { language: "c", version: "12.2.0", files: [{ name: "a.c", content: "" }], run_timeout: 1500,
                              run_cpu_time: 2000, run_memory_limit: 64 * 1024 * 1024, tty: true });
});

test("outcomes in words", () => {
        assert.equal(bytes(8 * 1024 * 1024 + 5), "8 MiB");
        assert.equal(bytes(600 * 1024), "600 KiB");
        assert.equal(seconds(120), "0.12 s");
        assert.equal(seconds(12345), "12.3 s");
        assert.equal(stageLine({ status: null, code: 0, wall_time: 120, memory: 8 << 20 }).text, "[exit 0 · 0.12 s · 8 MiB]");
        assert.equal(stageLine({ status: "SG", code: null, signal: "SIGSEGV", message: "killed by signal 11 (Segmentation fault)",
                                 wall_time: 3, memory: null }).text, "[killed by signal 11 (Segmentation fault) · 0.00 s]");
        assert.equal(stageLine({ status: "OL", message: "stdout exceeded the output limit (1048576 bytes)", wall_time: 5 }).text,
                     "[stdout exceeded the output limit (1 MiB) · 0.01 s] the server's own limit, which no setting raises");
        assert.equal(outcomeLine({ kind: "error", code: "bad_request",
                                   message: "run_timeout: 99999 is above the server's maximum 15000" }).text,
                     "[coderun.limits.time 99.999 s is above the server's maximum of 15 s]");
        assert.match(outcomeLine({ kind: "busy", tries: 30 }).text, /busy/);
        assert.match(outcomeLine({ kind: "error", code: "unknown_language", message: "unknown language \"x\"" }).text,
                     /Pick Runtime/);
});
