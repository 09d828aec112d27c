/* lib/pty.js: what a VS Code Pseudoterminal does for a run, without VS Code: the
 * glue hands it the terminal's handleInput and setDimensions, and gives it write()
 * for onDidWrite. Without a tty, typing goes through lib/linedisc.js (echo here,
 * whole lines sent) and the program's "\n" becomes the "\r\n" a terminal needs; with
 * one (coderun.tty), every key goes to the program as typed and its pty echoes and
 * ends lines itself (the compiler's output, from a pipe, is still made "\r\n"). Between runs typing does nothing. The extension's own lines
 * (the outcome, a busy server) begin on a line of their own and are coloured, so
 * they never pass for the program's output. */
"use strict";

const { createLineDiscipline } = require("./linedisc");

const DIM = "\x1b[90m";
const RED = "\x1b[31m";
const RESET = "\x1b[0m";

/* createPtyAdapter(write): write(text) puts text on the terminal. */
function createPtyAdapter(write) {
        let run = null;          /* { tty, send, disc } while a run takes input */
        let atLineStart = true;
        let size = null;

        const put = (text) => {
                if (text === "")
                        return;
                atLineStart = text.endsWith("\n");
                write(text);
        };

        return {
                /* begin({ tty, send }): a run starts; send(ev) takes its client events. */
                begin({ tty, send }) {
                        const disc = tty ? null : createLineDiscipline({
                                echo: put,
                                send: (data) => send({ type: "data", stream: "stdin", data }),
                                close: () => send({ type: "stdin_close" }),
                                interrupt: () => send({ type: "signal", signal: "SIGINT" }),
                        });
                        run = { tty, send, disc };
                        if (tty && size)
                                send({ type: "resize", rows: size.rows, cols: size.cols });
                },
                /* input(data): what the terminal says was typed. */
                input(data) {
                        if (!run)
                                return;
                        if (run.tty)
                                run.send({ type: "data", stream: "stdin", data });
                        else
                                run.disc.input(data);
                },
                /* resize(rows, cols): the terminal's size, for a tty run's pty. */
                resize(rows, cols) {
                        size = { rows, cols };
                        if (run && run.tty)
                                run.send({ type: "resize", rows, cols });
                },
                /* output(text, asIs): the program's output, as it streams; asIs when
                 * a pty made it (a tty run's run stage), whose lines end in "\r\n". */
                output(text, asIs = false) {
                        put(asIs ? text : text.replace(/\r?\n/g, "\r\n"));
                },
                /* note(text, bad): one line of the extension's own. */
                note(text, bad = false) {
                        put(`${atLineStart ? "" : "\r\n"}${bad ? RED : DIM}${text}${RESET}\r\n`);
                },
                /* end(): the run is over: typing no longer goes anywhere. */
                end() {
                        run = null;
                },
                /* clear(): an empty screen and scrollback for the next run. */
                clear() {
                        put("\x1b[2J\x1b[3J\x1b[H");
                        atLineStart = true;
                },
        };
}

module.exports = { createPtyAdapter };
