/* lib/testcases.js: a file's test cases, a folder of NAME.in and NAME.out pairs as the
 * CLI's --tests reads them (every NAME.in has its NAME.out and the other way round,
 * at most 64, the server's most per request, sorted by name), and their results as
 * rows of a table, one as each test ends, then "2 of 3 passed". It reads the folder
 * it is given and nothing else. */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { seconds, bytes } = require("./words");

/* The server runs at most this many tests in one request (docs/protocol.md). */
const MAX_TESTS = 64;

class CasesError extends Error {}

/* listCases(dir): [{ name, stdin, expected }], or a CasesError saying what is wrong. */
function listCases(dir) {
        let names;
        try {
                names = fs.readdirSync(dir);
        } catch (e) {
                throw new CasesError(`test cases: ${dir}: ${e.code === "ENOENT" ? "no such folder" : e.message}`);
        }
        const ins = names.filter((n) => n.endsWith(".in") && n.length > 3 && !n.startsWith(".")).map((n) => n.slice(0, -3));
        const outs = names.filter((n) => n.endsWith(".out") && n.length > 4 && !n.startsWith(".")).map((n) => n.slice(0, -4));
        const lone = ins.find((n) => !outs.includes(n));
        if (lone !== undefined)
                throw new CasesError(`test cases: ${lone}.in has no ${lone}.out in ${dir}`);
        const loneOut = outs.find((n) => !ins.includes(n));
        if (loneOut !== undefined)
                throw new CasesError(`test cases: ${loneOut}.out has no ${loneOut}.in in ${dir}`);
        if (ins.length === 0)
                throw new CasesError(`test cases: no NAME.in and NAME.out pairs in ${dir}`);
        if (ins.length > MAX_TESTS)
                throw new CasesError(`test cases: ${ins.length} in ${dir}, more than the ${MAX_TESTS} the server runs at once`);
        return ins.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((name) => ({
                name,
                stdin: fs.readFileSync(path.join(dir, name + ".in"), "utf8"),
                expected: fs.readFileSync(path.join(dir, name + ".out"), "utf8"),
        }));
}

/* createTable(cases): header() then row(exitEvent) as each test ends, and total(). */
function createTable(cases) {
        const w = Math.max(4, ...cases.map((c) => c.name.length));
        const results = [];
        const cols = (name, result, time, mem, why) =>
                `${name.padEnd(w)}  ${result.padEnd(6)}  ${time.padStart(8)}  ${mem.padStart(8)}  ${why}`.trimEnd();
        return {
                header: () => cols("test", "result", "time", "memory", ""),
                /* row(ev): { text, ok } for the exit event of test ev.test. */
                row(ev) {
                        const c = cases[ev.test];
                        const ok = ev.passed === true;
                        results[ev.test] = ok;
                        let why = "";
                        if (!ok)
                                why = ev.status === null ? (ev.passed === false ? "wrong output" : "")
                                                         : String(ev.message || ev.status).replace(/\((\d+) ms\)$/, (_, v) => `(${v / 1000} s)`);
                        return {
                                text: cols(c ? c.name : `#${ev.test}`, ok ? "pass" : "FAIL",
                                           Number.isFinite(ev.wall_time) ? seconds(ev.wall_time) : "-",
                                           Number.isFinite(ev.memory) ? bytes(ev.memory) : "-", why),
                                ok,
                        };
                },
                total() {
                        const passed = results.filter(Boolean).length;
                        return { text: `${passed} of ${cases.length} passed`, ok: passed === cases.length };
                },
        };
}

/* firstDifference(expected, got): "line 2: expected "5", got "4"", by the server's
 * rule (blanks at line ends and blank lines at the end do not count), or "". */
function firstDifference(expected, got) {
        const norm = (s) => s.replace(/\r/g, "").split("\n").map((l) => l.replace(/[ \t\f\v]+$/, ""));
        const a = norm(expected), b = norm(got);
        while (a.length && a[a.length - 1] === "") a.pop();
        while (b.length && b[b.length - 1] === "") b.pop();
        for (let i = 0; i < Math.max(a.length, b.length); i++)
                if (a[i] !== b[i]) {
                        const show = (l) => (l === undefined ? "nothing" : JSON.stringify(l.length > 60 ? l.slice(0, 60) + "…" : l));
                        return `line ${i + 1}: expected ${show(a[i])}, got ${show(b[i])}`;
                }
        return "";
}

module.exports = { listCases, createTable, firstDifference, CasesError, MAX_TESTS };
