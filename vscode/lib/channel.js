/* lib/channel.js: a run shown in an output channel (coderun.output = outputChannel),
 * for those who prefer VS Code's Output panel to a terminal. A channel takes no
 * typing, so such a run listens (lib/http.js): its stdin is an input file or
 * nothing. The view lib/run.js drives, as lib/pty.js is for a terminal; append(text)
 * is the channel's. */
"use strict";

function createChannelView(append) {
        let atLineStart = true;
        const put = (text) => {
                if (text === "")
                        return;
                atLineStart = text.endsWith("\n");
                append(text);
        };
        return {
                begin() {},
                input() {},
                resize() {},
                end() {},
                output: put,
                note(text) {
                        put(`${atLineStart ? "" : "\n"}${text}\n`);
                },
                clear() {
                        atLineStart = true;
                },
        };
}

module.exports = { createChannelView };
