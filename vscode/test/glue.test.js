/* The glue with vscode stubbed (test/vscode.js): activation registers exactly the
 * commands package.json contributes, and each command calls the logic; then the
 * commands through activation against the real server: a run in the terminal that
 * takes a typed answer, its compile errors in the Problems panel, the output
 * channel, a picked runtime, the test cases, Stop. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const vscode = require("./vscode");
const { activate } = require("../extension");
const { createCommands } = require("../glue/commands");
const manifest = require("../package.json");
const { server, until, REPO } = require("./helper");

const { seen, answers, reset, terminal, editorFor, context } = vscode.test;

test.beforeEach(() => reset());

test("activation registers exactly the commands package.json contributes, each keybinding's among them", () => {
        const ctx = context();
        activate(ctx);
        const contributed = manifest.contributes.commands.map((c) => c.command).sort();
        assert.deepEqual([...seen.commands.keys()].sort(), contributed);
        assert.equal(contributed.length, 5);
        for (const k of manifest.contributes.keybindings)
                assert.ok(contributed.includes(k.command), k.command);
        for (const p of Object.keys(manifest.contributes.configuration.properties))
                assert.match(p, /^coderun\./);
        for (const d of ctx.subscriptions)
                d.dispose();
        assert.equal(seen.commands.size, 0, "deactivation takes every command back");
});

/* fakeLib(): lib/run.js's functions as recorders, for the commands' calls. */
function fakeLib() {
        const calls = { run: [], runCases: [], choose: [], stops: 0 };
        const handle = () => {
                let end;
                const done = new Promise((r) => { end = r; });
                return { session: { stop: () => { calls.stops++; end({ kind: "stopped" }); } }, done, end };
        };
        const lib = {
                calls,
                runtimes: { list: async () => [{ language: "python", version: "3", aliases: [], extensions: ["py"] },
                                                { language: "c", version: "12", aliases: [], extensions: ["c"] }],
                            forget() {} },
                async chooseRuntime(a) {
                        calls.choose.push(a);
                        return { language: a.picked || "python" };
                },
                run(a) {
                        const h = handle();
                        calls.run.push({ ...a, handle: h });
                        return h;
                },
                runCases(a) {
                        const h = handle();
                        calls.runCases.push({ ...a, handle: h });
                        return h;
                },
        };
        return lib;
}

test("run, stop, the quick pick and the test cases call the logic", async () => {
        const lib = fakeLib();
        const ctx = context();
        const c = createCommands(vscode, ctx, lib);
        answers.settings = { server: "http://127.0.0.1:7070" };
        answers.editor = editorFor("/w/a.py", "print(1)\nprint(2)\n", { languageId: "python", selection: [1, 0, 1, 8] });

        c.commands["coderun.run"]();
        await until(() => lib.calls.run.length === 1);
        const r = lib.calls.run[0];
        assert.deepEqual([r.doc.text, r.doc.selection, r.runtime.language, r.live], ["print(2)", { line: 1, column: 0 }, "python", true]);
        assert.deepEqual(seen.contexts.at(-1), ["coderun.running", true]);

        await c.commands["coderun.stop"]();
        assert.equal(lib.calls.stops, 1);
        await until(() => seen.contexts.at(-1)[1] === false);

        answers.pick = "c";
        assert.equal(await c.commands["coderun.pickRuntime"](), "c");
        assert.deepEqual(seen.picks[0].items.map((i) => i.label), ["c", "python"]);
        answers.editor = editorFor("/w/a.py", "print(1)\n", { languageId: "python" });
        c.commands["coderun.run"]();
        await until(() => lib.calls.run.length === 2);
        assert.equal(lib.calls.choose.at(-1).picked, "c", "the picked runtime goes to the choice");
        lib.calls.run[1].handle.end({ kind: "done" });

        answers.editor = editorFor(path.join(REPO, "examples", "sum.c"), "int main(){}", { languageId: "c" });
        answers.settings = { server: "http://127.0.0.1:7070", testsFolder: "cases" };
        c.commands["coderun.runTests"]();
        await until(() => lib.calls.runCases.length === 1);
        assert.deepEqual(lib.calls.runCases[0].cases.map((x) => x.name), ["answer", "small", "wrong"]);
        assert.equal(lib.calls.runCases[0].doc.selection, null, "test cases run the whole file");
        lib.calls.runCases[0].handle.end({ kind: "done" });

        answers.settings = { server: "nc 127.0.0.1 7070" };
        await c.commands["coderun.run"]();
        assert.match(seen.errors.at(-1), /coderun\.server .* is not an http:\/\/ or https:\/\/ URL/);
        answers.editor = undefined;
        await c.commands["coderun.run"]();
        assert.match(seen.infos.at(-1), /open a file/);
        c.dispose();
});

/* Against the real server, through activation. */
function activated(settings = {}) {
        const ctx = context();
        activate(ctx);
        answers.settings = { server: server(), ...settings };
        return ctx;
}

test("Run in the terminal: the prompt shows, a typed answer reaches the program, the line ends it", async () => {
        const ctx = activated();
        answers.editor = editorFor("/w/ask.py", 'name = input("name? ")\nprint(f"hello, {name}!")\n', { languageId: "python" });
        const done = vscode.commands.executeCommand("coderun.run");
        await until(() => terminal() && terminal().text().includes("name? "), 60000, "the prompt");
        assert.equal(terminal().name, "coderun");
        assert.ok(terminal().shown >= 1);
        terminal().pty.handleInput("Ada\r");
        await done;
        assert.match(terminal().text(), /name\? Ada\r\nhello, Ada!\r\n\[exit 0 · [\d.]+ s · \d+ (KiB|MiB)\]\r\n$/);
        assert.deepEqual(seen.contexts.map((c) => c[1]), [true, false]);
        for (const d of ctx.subscriptions)
                d.dispose();
});

test("a compile error is a diagnostic on its line, and a clean run clears it", async () => {
        const ctx = activated();
        answers.editor = editorFor("/w/bad.c", "int main(void) {\n    return nope;\n}\n", { languageId: "c" });
        await vscode.commands.executeCommand("coderun.run");
        const list = seen.diagnostics.get("/w/bad.c");
        assert.ok(list && list.length >= 1, terminal().text());
        assert.deepEqual([list[0].range.start.line, list[0].severity], [1, vscode.DiagnosticSeverity.Error]);
        assert.match(list[0].message, /nope/);
        assert.match(terminal().text(), /\[compile error: exit 1 · .*\(1 in Problems\)/);
        answers.editor = editorFor("/w/bad.c", "int main(void) {\n    return 0;\n}\n", { languageId: "c" });
        await vscode.commands.executeCommand("coderun.run");
        assert.equal(seen.diagnostics.size, 0);
        for (const d of ctx.subscriptions)
                d.dispose();
});

test("the output channel mode, a quick pick for a file no rule decides, Stop from the command", async () => {
        const ctx = activated({ output: "outputChannel" });
        answers.editor = editorFor("/w/notes.txt", 'print("picked")\n', { languageId: "plaintext" });
        answers.pick = "python";
        await vscode.commands.executeCommand("coderun.run");
        assert.match(seen.picks[0].options.title, /which language runs notes\.txt/);
        assert.match(seen.channels[0].text(), /^\[notes\.txt · python [\d.]+\]\npicked\n\[exit 0 · /);

        answers.settings.output = "terminal";
        answers.editor = editorFor("/w/wait.sh", "echo up; sleep 60\n", { languageId: "shellscript" });
        const done = vscode.commands.executeCommand("coderun.run");
        await until(() => terminal() && terminal().text().includes("up"), 60000, "the start");
        await vscode.commands.executeCommand("coderun.stop");
        await done;
        assert.match(terminal().text(), /up\r\n\[stopped · /);
        for (const d of ctx.subscriptions)
                d.dispose();
});

test("Run Test Cases through activation: the table in the terminal", async () => {
        const ctx = activated({ testsFolder: "cases" });
        const file = path.join(REPO, "examples", "sum.c");
        answers.editor = editorFor(file, require("node:fs").readFileSync(file, "utf8"), { languageId: "c" });
        await vscode.commands.executeCommand("coderun.runTests");
        assert.match(terminal().text(), /answer\s+pass[\s\S]*wrong\s+FAIL[\s\S]*2 of 3 passed/);
        for (const d of ctx.subscriptions)
                d.dispose();
});

test("a server that cannot be reached: said in the terminal at a run, in a message at a pick", async () => {
        const ctx = activated({ server: "http://127.0.0.1:9" });
        answers.editor = editorFor("/w/a.py", "print(1)\n", { languageId: "python" });
        await vscode.commands.executeCommand("coderun.run");
        assert.match(terminal().text(), /\[no runtime list: the server at http:\/\/127\.0\.0\.1:9\/ cannot be reached: connection refused/);
        await vscode.commands.executeCommand("coderun.pickRuntime");
        assert.match(seen.errors.at(-1), /cannot be reached: connection refused/);
        assert.deepEqual(seen.contexts, [], "no run began");
        for (const d of ctx.subscriptions)
                d.dispose();
});
