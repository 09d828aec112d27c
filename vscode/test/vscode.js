/* test/vscode.js: a stand-in for the vscode module, for the glue's tests: require()
 * of "vscode" from anywhere finds this file once it is loaded. It keeps what the
 * glue asked of VS Code (commands registered, terminals made and their pty, what
 * was written there, diagnostics set, messages shown) and answers its questions
 * (the active editor, the settings, a quick pick, a file dialog) from what a test
 * put in `answers`. It implements only what the extension calls. */
"use strict";

const Module = require("node:module");

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
        return request === "vscode" ? __filename : resolveFilename.call(this, request, ...rest);
};

class EventEmitter {
        constructor() {
                this.listeners = [];
                this.event = (f) => {
                        this.listeners.push(f);
                        return { dispose: () => { this.listeners = this.listeners.filter((g) => g !== f); } };
                };
        }
        fire(v) {
                for (const f of this.listeners)
                        f(v);
        }
        dispose() {
                this.listeners = [];
        }
}

class Range {
        constructor(l1, c1, l2, c2) {
                Object.assign(this, { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
        }
}

class Diagnostic {
        constructor(range, message, severity) {
                Object.assign(this, { range, message, severity });
        }
}

const Uri = {
        file: (p) => ({ fsPath: p, scheme: "file", toString: () => `file://${p}` }),
};

/* What the glue did, and what VS Code would answer: reset() before each test. */
const seen = {};
const answers = {};

function reset() {
        Object.assign(seen, { commands: new Map(), contexts: [], terminals: [], channels: [], diagnostics: new Map(),
                              errors: [], infos: [], picks: [], dialogs: [] });
        Object.assign(answers, { editor: undefined, settings: {}, pick: undefined, dialog: undefined });
}
reset();

/* terminal(): the last terminal made: { name, pty, written(), shown }. */
function terminal() {
        return seen.terminals[seen.terminals.length - 1];
}

const vscode = {
        EventEmitter, Range, Diagnostic, Uri,
        DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
        commands: {
                registerCommand(id, f) {
                        if (seen.commands.has(id))
                                throw new Error(`command ${id} registered twice`);
                        seen.commands.set(id, f);
                        return { dispose: () => seen.commands.delete(id) };
                },
                executeCommand(id, ...args) {
                        if (id === "setContext") {
                                seen.contexts.push(args);
                                return Promise.resolve();
                        }
                        return Promise.resolve(seen.commands.get(id)(...args));
                },
        },
        window: {
                get activeTextEditor() {
                        return answers.editor;
                },
                createTerminal({ name, pty }) {
                        let out = "";
                        pty.onDidWrite((t) => { out += t; });
                        const t = { name, pty, shown: 0, disposed: false, written: () => out,
                                    text: () => out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ""),
                                    show() { t.shown++; }, dispose() { t.disposed = true; pty.close(); } };
                        seen.terminals.push(t);
                        /* VS Code opens the pty once the terminal is there, a little later. */
                        setImmediate(() => pty.open({ rows: 24, columns: 80 }));
                        return t;
                },
                createOutputChannel(name) {
                        let out = "";
                        const c = { name, append(t) { out += t; }, clear() { out = ""; }, show() {}, dispose() {},
                                    text: () => out };
                        seen.channels.push(c);
                        return c;
                },
                showQuickPick(items, options) {
                        seen.picks.push({ items, options });
                        const a = answers.pick;
                        return Promise.resolve(typeof a === "function" ? a(items) : items.find((i) => i.label === a));
                },
                showOpenDialog(options) {
                        seen.dialogs.push(options);
                        return Promise.resolve(answers.dialog ? [Uri.file(answers.dialog)] : undefined);
                },
                showErrorMessage(m) {
                        seen.errors.push(m);
                },
                showInformationMessage(m) {
                        seen.infos.push(m);
                },
        },
        workspace: {
                getConfiguration(section) {
                        if (section !== "coderun")
                                throw new Error(`the extension asked for the ${section} settings`);
                        return { get: (key) => answers.settings[key] };
                },
                onDidChangeConfiguration() {
                        return { dispose() {} };
                },
        },
        languages: {
                createDiagnosticCollection() {
                        return {
                                set(uri, list) { seen.diagnostics.set(uri.fsPath, list); },
                                clear() { seen.diagnostics.clear(); },
                                dispose() {},
                        };
                },
        },
};

/* editorFor(fileName, text, { languageId, selection: [l1, c1, l2, c2] }): an editor
 * whose document is that text. */
function editorFor(fileName, text, { languageId = "", selection = null, untitled = false } = {}) {
        const lines = text.split("\n");
        const offset = (l, c) => lines.slice(0, l).reduce((n, s) => n + s.length + 1, 0) + c;
        const sel = selection
                ? { isEmpty: false, start: { line: selection[0], character: selection[1] },
                    end: { line: selection[2], character: selection[3] } }
                : { isEmpty: true, start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const document = {
                fileName, languageId, isUntitled: untitled, isDirty: false, uri: Uri.file(fileName),
                getText: (s) => (s ? text.slice(offset(s.start.line, s.start.character), offset(s.end.line, s.end.character)) : text),
                save: () => Promise.resolve(true),
        };
        return { document, selection: sel };
}

/* context(): an ExtensionContext with a workspaceState of its own. */
function context() {
        const state = new Map();
        return {
                subscriptions: [],
                workspaceState: { get: (k) => state.get(k), update: (k, v) => { state.set(k, v); return Promise.resolve(); } },
        };
}

module.exports = Object.assign(vscode, { test: { seen, answers, reset, terminal, editorFor, context } });
