/* The language map against the real server's runtime list and lang.d: every value
 * of the built-in table is a lang.d language, every runtime the server offers is
 * reached (by its file name ending, or by the quick pick and languageMap for the few
 * without one), and the order of the rules holds. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { resolve, pickItems, BY_ID, MapError } = require("../lib/langmap");
const { getRuntimes } = require("../lib/http");
const { parseServer } = require("../lib/address");
const { server, REPO } = require("./helper");

const langd = fs.readdirSync(path.join(REPO, "lang.d")).filter((f) => f.endsWith(".conf"))
        .map((f) => /^name = (.+)$/m.exec(fs.readFileSync(path.join(REPO, "lang.d", f), "utf8"))[1]);

let runtimes;
test.before(async () => {
        runtimes = await getRuntimes(parseServer(server()).runtimes);
});

test("the built-in table names lang.d languages only", () => {
        assert.ok(langd.length >= 60);
        for (const [id, v] of Object.entries(BY_ID))
                for (const name of [].concat(v))
                        assert.ok(langd.includes(name), `${id} maps to ${name}, which lang.d does not have`);
});

test("every runtime the server offers is reached", () => {
        assert.ok(runtimes.length >= 5, "the server offers languages");
        const items = pickItems(runtimes).map((i) => i.language);
        for (const r of runtimes) {
                assert.ok(items.includes(r.language), `${r.language} is in the quick pick`);
                const viaMap = resolve({ runtimes, languageId: "plaintext", fileName: "/x/f.txt",
                                         languageMap: { plaintext: r.language } });
                assert.equal(viaMap.runtime.language, r.language, `languageMap reaches ${r.language}`);
                for (const ext of r.extensions || []) {
                        const got = resolve({ runtimes, languageId: "plaintext", fileName: `/x/prog.${ext}` });
                        assert.equal(got.runtime && got.runtime.language, r.language, `*.${ext} runs as ${r.language}`);
                }
        }
});

test("VS Code's identifiers first: shellscript is bash, cpp is cpp, the shells by their ending", () => {
        const lang = (languageId, fileName) => resolve({ runtimes, languageId, fileName }).runtime.language;
        assert.equal(lang("shellscript", "/x/run.sh"), "bash");
        assert.equal(lang("shellscript", "/x/run"), "bash");
        assert.equal(lang("shellscript", "/x/run.zsh"), "zsh");
        assert.equal(lang("shellscript", "/x/run.ksh"), "ksh");
        assert.equal(lang("cpp", "/x/a.cc"), "cpp");
        assert.equal(lang("c", "/x/a.c"), "c");
        assert.equal(lang("python", "/x/a.py"), "python");
        assert.equal(lang("javascript", "/x/a.mjs"), "javascript");
        assert.equal(lang("sql", "/x/q.sql"), "sqlite");
        assert.equal(resolve({ runtimes, languageId: "cpp", fileName: "/x/a.h" }).how, "language");
});

test("then the ending, then the #! line, then nothing (the quick pick)", () => {
        assert.equal(resolve({ runtimes, languageId: "plaintext", fileName: "/x/a.rb" }).how, "extension");
        const sb = resolve({ runtimes, languageId: "plaintext", fileName: "/x/greet",
                             firstLine: "#!/usr/bin/env -S python3.11 -u" });
        assert.deepEqual([sb.runtime.language, sb.how], ["python", "shebang"]);
        assert.equal(resolve({ runtimes, languageId: "plaintext", fileName: "/x/t",
                               firstLine: "#!/bin/bash" }).runtime.language, "bash");
        assert.equal(resolve({ runtimes, languageId: "plaintext", fileName: "/x/notes" }).runtime, null);
});

test("languageMap overrides, by ending before identifier; a name the server lacks is refused", () => {
        const map = { ".h": "c", cpp: "clang", shellscript: "dash" };
        assert.equal(resolve({ runtimes, languageId: "cpp", fileName: "/x/a.h", languageMap: map }).runtime.language, "c");
        assert.equal(resolve({ runtimes, languageId: "cpp", fileName: "/x/a.cpp", languageMap: map }).runtime.language, "clang");
        assert.equal(resolve({ runtimes, languageId: "shellscript", fileName: "/x/a.sh", languageMap: map }).runtime.language, "dash");
        assert.equal(resolve({ runtimes, languageId: "shellscript", fileName: "/x/a.sh", languageMap: { shellscript: "sh" } })
                .runtime.language, "bash", "an alias names its language");
        assert.throws(() => resolve({ runtimes, languageId: "cpp", fileName: "/x/a.cpp", languageMap: { cpp: "cobolx" } }), MapError);
});

test("a runtime picked for the file beats everything", () => {
        const r = resolve({ runtimes, languageId: "c", fileName: "/x/a.c", languageMap: { c: "cpp" }, picked: "clang" });
        assert.deepEqual([r.runtime.language, r.how], ["clang", "picked"]);
});
