/* test/helper.js: what the tests share: the coderun server they run against (the
 * bats suite starts one of its own and names it in CODERUN_TEST_SERVER; without it
 * the server's tests fail, never skip), settings as a run takes them, a view that
 * records what it is shown, and a document as the glue hands one to lib/run.js. */
"use strict";

const assert = require("node:assert/strict");
const path = require("node:path");
const { readSettings } = require("../lib/settings");
const { createPtyAdapter } = require("../lib/pty");

const REPO = path.resolve(__dirname, "..", "..");

function server() {
        const url = process.env.CODERUN_TEST_SERVER;
        assert.ok(url, "CODERUN_TEST_SERVER names no server: tests/vscode/vscode.bats starts one");
        return url;
}

/* settingsWith(values): readSettings over the server and VALUES (setting keys
 * without "coderun."). */
function settingsWith(values = {}) {
        const all = { server: server(), ...values };
        return readSettings((k) => all[k]);
}

/* screen(): a lib/pty.js adapter whose writes are kept; text() is what the terminal
 * would show with the colours taken out. */
function screen() {
        let written = "";
        const adapter = createPtyAdapter((t) => { written += t; });
        return Object.assign(adapter, {
                raw: () => written,
                text: () => written.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ""),
                /* body(): text() after the run's first line, which names the file and
                 * the runtime ("[hello.py · python 3.11.2]"). */
                body() {
                        const t = this.text();
                        return t.startsWith("[") ? t.slice(t.indexOf("\n") + 1) : t;
                },
                reset() { written = ""; },
        });
}

/* doc(name, text, more): a document as lib/run.js takes it, in a folder that need
 * not exist (nothing is read from it unless sendFolder is on). */
function doc(name, text, more = {}) {
        return { fileName: path.join(more.dir || "/nonexistent/coderun-test", name), languageId: more.languageId || "",
                 text, selection: more.selection || null, untitled: false };
}

/* until(f, ms): resolves once f() is true, checked every 20 ms; rejects after ms. */
async function until(f, ms = 60000, what = "the condition") {
        const end = Date.now() + ms;
        while (!f()) {
                if (Date.now() > end)
                        throw new Error(`${what} did not come within ${ms / 1000} s`);
                await new Promise((r) => setTimeout(r, 20));
        }
}

module.exports = { server, settingsWith, screen, doc, until, REPO };
