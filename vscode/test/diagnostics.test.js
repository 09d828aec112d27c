/* Compile errors as problems on their lines: the real compilers on the server (gcc,
 * clang, g++, javac, rustc, go), each given a program whose error is on line 3, and
 * the formats of the others from their own words. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { parseDiagnostics, shift } = require("../lib/diagnostics");
const { run, createRuntimes } = require("../lib/run");
const { find } = require("../lib/langmap");
const { settingsWith, screen, doc } = require("./helper");

const broken = {
        c: ["bad.c", "#include <stdio.h>\nint main(void) {\n        return x;\n}\n"],
        clang: ["bad.c", "#include <stdio.h>\nint main(void) {\n        return x;\n}\n"],
        cpp: ["bad.cpp", "#include <iostream>\nint main() {\n        std::cout << y;\n}\n"],
        java: ["Bad.java", "public class Bad {\n    public static void main(String[] a) {\n        int v = \"text\";\n    }\n}\n"],
        rust: ["bad.rs", "fn main() {\n    let a = 1;\n    let b: String = a;\n    println!(\"{}\", b);\n}\n"],
        go: ["bad.go", "package main\nfunc main() {\n\tundefinedThing()\n}\n"],
};

const settings = settingsWith({ "limits.time": 10 });
const runtimes = createRuntimes();

for (const [language, [name, text]] of Object.entries(broken)) {
        test(`${language}: its compile error is a problem on line 3 of the file`, async () => {
                const runtime = find(await runtimes.list(settings.server), language);
                assert.ok(runtime, `the server offers ${language}`);
                const view = screen();
                let diags = null;
                const d = doc(name, text);
                const { done } = run({ settings, doc: d, runtime, view, diagnose: (l) => { diags = l; } });
                const outcome = await done;
                assert.equal(outcome.kind, "done");
                assert.match(view.text(), /\[compile error: exit \d+ · [\d.]+ s/);
                const errors = diags.filter((x) => x.severity === "error");
                assert.ok(errors.length >= 1, `a problem parsed from:\n${outcome.result.compile.output}`);
                assert.equal(errors[0].line, 3);
                assert.equal(errors[0].path, d.fileName);
                assert.ok(errors[0].column > 1, "the column, where the compiler gives it");
                assert.match(view.text(), /\(\d+ in Problems\)/);
        });
}

test("a selection's problems land where the selection starts in its document", async () => {
        const runtime = find(await runtimes.list(settings.server), "c");
        let diags = null;
        const d = doc("whole.c", "int main(void) {\n  return zz;\n}\n", { selection: { line: 10, column: 4 } });
        await run({ settings, doc: d, runtime, view: screen(), diagnose: (l) => { diags = l; } }).done;
        assert.equal(diags.find((x) => x.severity === "error").line, 12);
});

test("the formats: a severity word or none, javac's caret, rustc's arrow, tsc, nim, paths in /box", () => {
        assert.deepEqual(parseDiagnostics("main.c:3:5: warning: unused variable 'x' [-Wunused-variable]")[0],
                { file: "main.c", line: 3, column: 5, severity: "warning", message: "unused variable 'x' [-Wunused-variable]" });
        assert.deepEqual(parseDiagnostics("./main.go:4:2: undefined: x")[0],
                { file: "main.go", line: 4, column: 2, severity: "error", message: "undefined: x" });
        assert.equal(parseDiagnostics("/box/src/a.c:1:1: fatal error: a.h: No such file")[0].file, "src/a.c");
        const j = parseDiagnostics("Main.java:3: error: ';' expected\n        int x = 1\n                 ^\n1 error\n")[0];
        assert.deepEqual([j.line, j.column, j.message], [3, 18, "';' expected"]);
        const r = parseDiagnostics("warning: unused variable: `a`\n --> main.rs:2:9\n  |\n2 |     let a = 1;\n")[0];
        assert.deepEqual([r.file, r.line, r.column, r.severity], ["main.rs", 2, 9, "warning"]);
        assert.deepEqual(parseDiagnostics("main.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'.")[0]
                .line, 3);
        assert.deepEqual(parseDiagnostics("main.nim(7, 3) Error: undeclared identifier: 'q'")[0].column, 3);
        assert.deepEqual(parseDiagnostics("error: aborting due to previous error\n  = note: x\nmain.c: In function 'main':\n"), []);
        assert.deepEqual(shift([{ line: 1, column: 2 }, { line: 2, column: 2 }], 4, 8),
                         [{ line: 5, column: 10 }, { line: 6, column: 2 }]);
});
