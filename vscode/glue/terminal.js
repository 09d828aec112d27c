/* glue/terminal.js: the runs' terminal, a VS Code Pseudoterminal
 * (window.createTerminal({ pty })) around lib/pty.js: what VS Code says was typed and
 * how big the terminal is go to the adapter, what the adapter writes goes out through
 * onDidWrite. VS Code ignores what is written before open(), so that waits. One
 * terminal serves every run of the window; closed, it is made again at the next run,
 * and closing it stops the run it shows. */
"use strict";

const { createPtyAdapter } = require("../lib/pty");

/* createRunTerminal(vscode, onClosed): { view(), show(), dispose() }: view() is the
 * lib/pty.js adapter of the terminal, made if there is none. */
function createRunTerminal(vscode, onClosed) {
        let current = null;        /* { terminal, adapter, emitter } */

        function make() {
                const emitter = new vscode.EventEmitter();
                let opened = false;
                const waiting = [];
                const adapter = createPtyAdapter((text) => {
                        if (opened)
                                emitter.fire(text);
                        else
                                waiting.push(text);
                });
                const pty = {
                        onDidWrite: emitter.event,
                        open(dims) {
                                opened = true;
                                if (dims)
                                        adapter.resize(dims.rows, dims.columns);
                                for (const t of waiting.splice(0))
                                        emitter.fire(t);
                        },
                        close() {
                                if (current && current.adapter === adapter)
                                        current = null;
                                onClosed();
                        },
                        handleInput: (data) => adapter.input(data),
                        setDimensions: (dims) => adapter.resize(dims.rows, dims.columns),
                };
                const terminal = vscode.window.createTerminal({ name: "coderun", pty });
                return { terminal, adapter, emitter };
        }

        return {
                view() {
                        if (!current)
                                current = make();
                        return current.adapter;
                },
                /* show(): the terminal in front, with the focus: what is typed next is
                 * the program's input. */
                show() {
                        if (current)
                                current.terminal.show(false);
                },
                dispose() {
                        if (current)
                                current.terminal.dispose();
                        current = null;
                },
        };
}

module.exports = { createRunTerminal };
