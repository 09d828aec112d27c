/* lib/linedisc.js: cooked-mode line editing for a run without a tty, the rules of a
 * terminal's line discipline and of the playground's (www/src/linedisc.js), so a run
 * types alike in both: typed characters are echoed and kept until Enter (the
 * terminal sends "\r"), which sends the line and "\n"; Backspace takes back the last
 * character, Ctrl-U the line; Ctrl-D sends what is typed, or on an empty line ends
 * stdin; Ctrl-C is SIGINT. Other control keys and escape sequences (arrows) are
 * dropped. After the end of stdin nothing more is sent: the protocol refuses data
 * after stdin_close. It calls what it is given and touches nothing else. */
"use strict";

/* skipEscape(data, i): the index of the escape sequence's last character at I (CSI
 * and SS3 as terminals send them for arrows, Home, F-keys; else ESC alone). */
function skipEscape(data, i) {
        const next = data[i + 1];
        if (next === "[") {
                let j = i + 2;
                while (j < data.length && !(data[j] >= "@" && data[j] <= "~"))
                        j++;
                return Math.min(j, data.length - 1);
        }
        if (next === "O")
                return Math.min(i + 2, data.length - 1);
        return i;
}

/* createLineDiscipline({ echo, send, close, interrupt }): echo(text) to the screen,
 * send(text) to the program's stdin, close() its end of file, interrupt() SIGINT.
 * Returns { input(data) } for what the terminal says was typed. */
function createLineDiscipline({ echo, send, close, interrupt }) {
        let line = [];        /* code points, so a surrogate pair is erased whole */
        let closed = false;
        let lastCr = false;

        function input(data) {
                for (let i = 0; i < data.length; i++) {
                        const c = data[i];
                        const cr = lastCr;
                        lastCr = c === "\r";
                        if (c === "\x1b") {
                                i = skipEscape(data, i);
                                continue;
                        }
                        if (c === "\x03") {
                                echo("^C\r\n");
                                line = [];
                                interrupt();
                                continue;
                        }
                        if (closed)
                                continue;
                        if (c === "\r" || c === "\n") {
                                if (c === "\n" && cr)
                                        continue;        /* a pasted CRLF is one line end */
                                echo("\r\n");
                                send(line.join("") + "\n");
                                line = [];
                        } else if (c === "\x7f" || c === "\b") {
                                if (line.length) {
                                        line.pop();
                                        echo("\b \b");
                                }
                        } else if (c === "\x15") {
                                echo("\b \b".repeat(line.length));
                                line = [];
                        } else if (c === "\x04") {
                                if (line.length) {
                                        send(line.join(""));
                                        line = [];
                                } else {
                                        closed = true;
                                        close();
                                }
                        } else if (c >= " " || c === "\t") {
                                const ch = String.fromCodePoint(data.codePointAt(i));
                                i += ch.length - 1;
                                line.push(ch);
                                echo(ch);
                        }
                }
        }
        return { input };
}

module.exports = { createLineDiscipline };
