/* tests/www/linedisc.mjs: www/src/linedisc.js alone, in node (no DOM, no network):
 * what is echoed and what is sent for each kind of key, as a terminal in cooked mode
 * would do it. Run by tests/www/browser.bats; exits non-zero on the first difference. */
import assert from "node:assert/strict";
import { createLineDiscipline } from "../../www/src/linedisc.js";

function session() {
        const log = { echo: "", sent: [], closed: 0, interrupts: 0 };
        const d = createLineDiscipline({
                echo: (t) => { log.echo += t; },
                send: (t) => log.sent.push(t),
                close: () => log.closed++,
                interrupt: () => log.interrupts++,
        });
        return { input: d.input, log };
}

const cases = {
        "Enter sends the line and a newline, echoed as CRLF"() {
                const { input, log } = session();
                input("ab");
                assert.deepEqual(log.sent, [], "nothing is sent before Enter");
                input("\r");
                assert.deepEqual(log.sent, ["ab\n"]);
                assert.equal(log.echo, "ab\r\n");
        },
        "Backspace takes back one character (a surrogate pair whole), and no more than the line"() {
                const { input, log } = session();
                input("x😀\x7f\x7f\x7fy\r");
                assert.deepEqual(log.sent, ["y\n"]);
                assert.equal(log.echo, "x😀\b \b\b \by\r\n");
        },
        "Ctrl-U erases the line"() {
                const { input, log } = session();
                input("abc\x15d\r");
                assert.deepEqual(log.sent, ["d\n"]);
        },
        "Ctrl-D sends a partial line without a newline, and on an empty line ends stdin once"() {
                const { input, log } = session();
                input("12\x04");
                assert.deepEqual(log.sent, ["12"]);
                assert.equal(log.closed, 0);
                input("\x04");
                assert.equal(log.closed, 1);
                input("more\r\x04");
                assert.deepEqual(log.sent, ["12"], "nothing is sent after the end of stdin");
                assert.equal(log.closed, 1);
        },
        "Ctrl-C interrupts and drops the line, also after the end of stdin"() {
                const { input, log } = session();
                input("abc\x03\r");
                assert.equal(log.interrupts, 1);
                assert.deepEqual(log.sent, ["\n"]);
                input("\x04\x03");
                assert.equal(log.interrupts, 2);
        },
        "a pasted CRLF is one line end; arrows and other escapes are dropped"() {
                const { input, log } = session();
                input("a\r\nb\n\x1b[A\x1bOPc\x1b[1;5D\r");
                assert.deepEqual(log.sent, ["a\n", "b\n", "c\n"]);
        },
};

for (const [name, f] of Object.entries(cases)) {
        f();
        console.log(`ok: ${name}`);
}
