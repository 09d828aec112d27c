/* Runs against the real server, as the commands make them: hello in five languages
 * over the WebSocket with the outcome's line, the same over NDJSON for the output
 * channel, a typed answer reaching the program's stdin, Ctrl-C, Ctrl-D, a tty, the
 * limits in words, Stop, a busy server waited for, one that cannot be reached, a
 * limit over the server's maximum, an input file, test cases, a folder sent along. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { run, runCases, createRuntimes } = require("../lib/run");
const { find } = require("../lib/langmap");
const { listCases } = require("../lib/testcases");
const { createChannelView } = require("../lib/channel");
const { readSettings } = require("../lib/settings");
const { settingsWith, screen, doc, until, REPO } = require("./helper");

const runtimes = createRuntimes();
const settings = settingsWith();

async function runtime(language) {
        const r = find(await runtimes.list(settings.server), language);
        assert.ok(r, `the server offers ${language}`);
        return r;
}

/* go(language, name, text, opts): a run on a fresh screen; { view, done, session }. */
async function go(language, name, text, { with: values, ...opts } = {}) {
        const view = screen();
        const s = values ? settingsWith(values) : settings;
        const h = run({ settings: s, doc: doc(name, text), runtime: await runtime(language), view, ...opts });
        return { view, ...h };
}

const OK_LINE = /\[exit 0 · \d+\.\d\d s · \d+ (KiB|MiB)\]\r\n$/;

const hellos = {
        python: ["hello.py", 'print("hello from python")\n'],
        c: ["hello.c", '#include <stdio.h>\nint main(void) { puts("hello from c"); return 0; }\n'],
        javascript: ["hello.js", 'console.log("hello from javascript");\n'],
        bash: ["hello.sh", 'echo "hello from bash"\n'],
        java: ["Hello.java", 'public class Hello {\n    public static void main(String[] a) {\n' +
                             '        System.out.println("hello from java");\n    }\n}\n'],
};

for (const [language, [name, text]] of Object.entries(hellos)) {
        test(`hello in ${language}, live over the WebSocket, ending [exit 0 · time · memory]`, async () => {
                const { view, done } = await go(language, name, text);
                const outcome = await done;
                assert.equal(outcome.kind, "done");
                assert.match(view.text(), new RegExp(`^\\[${name} · ${language} [\\d.]+\\]\\r\\n`), "the run names its runtime first");
                assert.match(view.body(), new RegExp(`^hello from ${language}\\r\\n`));
                assert.match(view.text(), OK_LINE);
        });
}

test("hello over NDJSON in the output channel's view, UTF-8 intact", async () => {
        let out = "";
        const view = createChannelView((t) => { out += t; });
        const outcome = await run({ settings, doc: doc("u.py", 'print("héllo ✓ 😀")\n'), runtime: await runtime("python"),
                                    view, live: false }).done;
        assert.equal(outcome.kind, "done");
        assert.match(out, /^\[u\.py · python [\d.]+\]\nhéllo ✓ 😀\n\[exit 0 · [\d.]+ s · \d+ (KiB|MiB)\]\n$/);
});

test("a typed answer to a prompt reaches the program: abc\\r in the pty is abc\\n on its stdin", async () => {
        const { view, done } = await go("python", "ask.py",
                'import sys\nsys.stdout.write("name? ")\nsys.stdout.flush()\nprint(repr(sys.stdin.readline()))\n');
        await until(() => view.text().includes("name? "), 60000, "the prompt");
        view.input("abc\r");
        assert.equal((await done).kind, "done");
        assert.match(view.body(), /^name\? abc\r\n'abc\\n'\r\n/);
        assert.match(view.text(), OK_LINE);
});

test("Ctrl-C is SIGINT to the program; Ctrl-D ends its stdin", async () => {
        const a = await go("bash", "int.sh", "trap 'echo got INT; exit 7' INT\necho ready\nwhile :; do sleep 0.1; done\n");
        await until(() => a.view.text().includes("ready"), 60000, "ready");
        a.view.input("\x03");
        await a.done;
        assert.match(a.view.text(), /got INT\r\n\[exit 7 · /);

        const b = await go("bash", "cat.sh", "echo ready; cat; echo end\n");
        await until(() => b.view.text().includes("ready"), 60000, "ready");
        b.view.input("x\r");
        await until(() => /x\r\nx\r\n/.test(b.view.text()), 60000, "the echo");
        b.view.input("\x04");
        await b.done;
        assert.match(b.view.text(), /x\r\nx\r\nend\r\n\[exit 0/);
});

test("coderun.tty gives the program a terminal of its own", async () => {
        const { view, done } = await go("python", "tty.py", "import sys\nprint(sys.stdin.isatty())\n", { with: { tty: true } });
        await done;
        assert.match(view.body(), /^True\r\n/);
        const c = await go("c", "tty.c", "#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf(\"%d\\n\", isatty(0)); }\n",
                           { with: { tty: true } });
        await c.done;
        assert.match(c.view.body(), /^1\r\n\[exit 0/, "the pty's own \\r\\n, not doubled");
});

test("the limits in words, with the setting that raises each", async () => {
        const wall = await go("python", "slow.py", "import time\ntime.sleep(30)\n", { with: { "limits.time": 1 } });
        await wall.done;
        assert.match(wall.view.text(), /\[wall time limit exceeded \(1 s\) · [\d.]+ s[^\]]*\] coderun\.limits\.time raises it/);

        const cpu = await go("python", "spin.py", "while True:\n    pass\n", { with: { "limits.cpuTime": 0.5 } });
        await cpu.done;
        assert.match(cpu.view.text(), /\[CPU time limit exceeded \(0\.5 s\)[^\]]*\] coderun\.limits\.cpuTime raises it/);

        const mem = await go("python", "big.py", "x = bytearray(400 * 1024 * 1024)\nprint(len(x))\n",
                             { with: { "limits.memory": 64 } });
        await mem.done;
        assert.match(mem.view.text(), /\[memory limit exceeded \(64 MiB\)[^\]]*\] coderun\.limits\.memory raises it/);
});

test("a limit over the server's maximum is refused in the setting's units", async () => {
        const { view, done } = await go("python", "m.py", "print(1)\n", { with: { "limits.memory": 4096 } });
        assert.equal((await done).kind, "error");
        assert.match(view.text(), /\[coderun\.limits\.memory 4096 MiB is above the server's maximum of \d+ MiB\]/);
});

test("Stop ends a running program", async () => {
        const { view, done, session } = await go("bash", "wait.sh", "echo started; sleep 60\n");
        await until(() => view.text().includes("started"), 60000, "the start");
        session.stop();
        const outcome = await done;
        assert.equal(outcome.kind, "done");
        assert.equal(outcome.stopped, true);
        assert.match(view.text(), /started\r\n\[stopped · [\d.]+ s/);
});

test("a busy server is waited for, after its Retry-After, and the run then goes", async () => {
        /* The suite's server has 4 slots: 4 runs hold them while a fifth asks. */
        const holds = await Promise.all([1, 2, 3, 4].map(() => go("bash", "hold.sh", "echo held; sleep 3\n")));
        await until(() => holds.every((h) => h.view.text().includes("held")), 60000, "four held slots");
        const fifth = await go("bash", "fifth.sh", "echo fifth ran\n");
        const outcome = await fifth.done;
        await Promise.all(holds.map((h) => h.done));
        assert.equal(outcome.kind, "done");
        assert.match(fifth.view.text(), /\[the server is busy \(every job slot taken\): trying again in 1 s, try 2\]/);
        assert.match(fifth.view.text(), /fifth ran\r\n\[exit 0/);
});

test("a server that cannot be reached is said so, with the setting that names it", async () => {
        const s = readSettings((k) => ({ server: "http://127.0.0.1:9" })[k]);
        const view = screen();
        const outcome = await run({ settings: s, doc: doc("a.py", "print(1)\n"), runtime: { language: "python" }, view }).done;
        assert.equal(outcome.kind, "unreachable");
        assert.match(view.text(), /\[the server at http:\/\/127\.0\.0\.1:9\/ cannot be reached: connection refused\. .*coderun\.server/);
        await assert.rejects(createRuntimes().list(s.server), (f) => f.kind === "unreachable");
});

test("an input file is the program's stdin, then end of file", async () => {
        const { view, done } = await go("python", "sum.py", "import sys\nprint(sum(int(l) for l in sys.stdin))\n",
                                        { stdin: "5\n7\n", closeStdin: true });
        await done;
        assert.match(view.body(), /^12\r\n\[exit 0/);
});

test("an untitled document runs under the language's default name", async () => {
        const view = screen();
        const d = { fileName: "Untitled-1", languageId: "c", text: "int main(void){return 3;}\n", untitled: true, selection: null };
        await run({ settings, doc: d, runtime: await runtime("c"), view }).done;
        assert.match(view.text(), /\[exit 3 · /);
});

test("test cases: examples/cases against examples/sum.c, a row each, the wrong one explained", async () => {
        const cases = listCases(path.join(REPO, "examples", "cases"));
        const view = screen();
        const fileName = path.join(REPO, "examples", "sum.c");
        const d = { fileName, languageId: "c", text: fs.readFileSync(fileName, "utf8"), selection: null };
        const outcome = await runCases({ settings, doc: d, runtime: await runtime("c"), cases, view }).done;
        assert.equal(outcome.kind, "done");
        const t = view.text();
        assert.match(t, /test\s+result\s+time\s+memory/);
        assert.match(t, /answer\s+pass\s+[\d.]+ s/);
        assert.match(t, /small\s+pass/);
        assert.match(t, /wrong\s+FAIL\s+[\d.]+ s\s+\S+ \S+\s+wrong output/);
        assert.match(t, /wrong: line 1: expected "5", got "4"/);
        assert.match(t, /2 of 3 passed\r\n$/);
});

test("the folder's other files go along when coderun.sendFolder says so, and a folder over its cap is refused", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coderun-folder-"));
        try {
                fs.writeFileSync(path.join(dir, "main.py"), "import helper\nprint(helper.greet())\nprint(open('data/x.txt').read())\n");
                fs.writeFileSync(path.join(dir, "helper.py"), "def greet():\n    return 'from helper'\n");
                fs.mkdirSync(path.join(dir, "data"));
                fs.writeFileSync(path.join(dir, "data", "x.txt"), "data file");
                fs.mkdirSync(path.join(dir, "node_modules"));
                fs.writeFileSync(path.join(dir, "node_modules", "huge.bin"), Buffer.alloc(3 * 1024 * 1024));
                const d = { fileName: path.join(dir, "main.py"), languageId: "python",
                            text: fs.readFileSync(path.join(dir, "main.py"), "utf8"), selection: null };
                const s = settingsWith({ "sendFolder.enabled": true, "sendFolder.ignore": ["node_modules", ".*"] });
                const view = screen();
                await run({ settings: s, doc: d, runtime: await runtime("python"), view }).done;
                assert.match(view.body(), /^from helper\r\ndata file\r\n\[exit 0/);
                const capped = settingsWith({ "sendFolder.enabled": true, "sendFolder.ignore": [] });
                assert.throws(() => run({ settings: capped, doc: d, runtime: { language: "python" }, view: screen() }),
                              /over coderun\.sendFolder\.maxKiB \(1024\); the largest: node_modules\/huge\.bin/);
        } finally {
                fs.rmSync(dir, { recursive: true, force: true });
        }
});
