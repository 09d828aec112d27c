/* The pty adapter alone: what VS Code's terminal hands handleInput becomes the
 * client events a run sends (abc and Enter is "abc\n" on stdin), output gets the
 * "\r\n" a terminal needs, a tty run passes keys raw, and between runs typing goes
 * nowhere. The same against the server is in live.test.js. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { screen } = require("./helper");

function started(tty = false) {
        const view = screen();
        const sent = [];
        view.begin({ tty, send: (e) => sent.push(e) });
        return { view, sent };
}

test("abc then Enter (\\r) is abc\\n on stdin, echoed as the terminal shows it", () => {
        const { view, sent } = started();
        view.input("abc\r");
        assert.deepEqual(sent, [{ type: "data", stream: "stdin", data: "abc\n" }]);
        assert.equal(view.raw(), "abc\r\n");
});

test("Backspace, Ctrl-U, arrows, a pasted CRLF and a surrogate pair", () => {
        const { view, sent } = started();
        view.input("abx\x7fc\r");
        view.input("gone\x15kept\x1b[D\r\n");
        view.input("😀\x7f!\r");
        assert.deepEqual(sent.map((e) => e.data), ["abc\n", "kept\n", "!\n"]);
});

test("Ctrl-D sends the line typed, then on an empty line ends stdin; nothing is sent after", () => {
        const { view, sent } = started();
        view.input("part\x04\x04more\r");
        assert.deepEqual(sent, [{ type: "data", stream: "stdin", data: "part" }, { type: "stdin_close" }]);
});

test("Ctrl-C is SIGINT", () => {
        const { view, sent } = started();
        view.input("x\x03");
        assert.deepEqual(sent, [{ type: "signal", signal: "SIGINT" }]);
        assert.match(view.raw(), /\^C\r\n$/);
});

test("the program's \\n becomes \\r\\n; the extension's line starts a line of its own", () => {
        const { view } = started();
        view.output("one\ntwo");
        view.note("[exit 0 · 0.01 s]");
        assert.equal(view.text(), "one\r\ntwo\r\n[exit 0 · 0.01 s]\r\n");
});

test("a tty run sends keys as typed and the size; output its pty made is left as it is, a pipe's is not", () => {
        const view = screen();
        const sent = [];
        view.resize(30, 100);
        view.begin({ tty: true, send: (e) => sent.push(e) });
        view.input("\x1b[A\r");
        view.resize(40, 120);
        view.output("a\r\nb\n", true);
        view.output("compiler\n");
        assert.deepEqual(sent, [{ type: "resize", rows: 30, cols: 100 }, { type: "data", stream: "stdin", data: "\x1b[A\r" },
                                { type: "resize", rows: 40, cols: 120 }]);
        assert.equal(view.raw(), "a\r\nb\ncompiler\r\n");
});

test("between runs typing goes nowhere", () => {
        const { view, sent } = started();
        view.end();
        view.input("late\r\x03");
        assert.deepEqual(sent, []);
});
