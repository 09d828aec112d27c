/* glue/commands.js: the extension's commands, each a few VS Code calls around
 * lib/run.js: the active editor's document as plain data, the settings of its
 * folder, a quick pick, a file or folder dialog, the terminal or the output channel.
 * One run at a time per window: a new run stops the one before. Every failure ends
 * in words on the run's view or in a message, never as an exception VS Code would
 * show as the extension's fault. */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { readSettings } = require("../lib/settings");
const { run, runCases, chooseRuntime, createRuntimes } = require("../lib/run");
const { pickItems, find } = require("../lib/langmap");
const { listCases } = require("../lib/testcases");
const { outcomeLine } = require("../lib/words");
const { createChannelView } = require("../lib/channel");
const { createRunTerminal } = require("./terminal");
const { createProblems } = require("./problems");

const PICKED_KEY = "coderun.picked";

/* createCommands(vscode, context, lib): { "coderun.run": fn, ... } and dispose();
 * lib (lib/run.js's run, runCases, chooseRuntime, runtimes) may be replaced by the
 * tests, which check that the commands call it. */
function createCommands(vscode, context, lib = { run, runCases, chooseRuntime, runtimes: createRuntimes() }) {
        let current = null;        /* the running run: { session, done } */
        let channel = null;
        const problems = createProblems(vscode);
        const terminal = createRunTerminal(vscode, () => stop());

        const setRunning = (on) => vscode.commands.executeCommand("setContext", "coderun.running", on);

        const picked = () => context.workspaceState.get(PICKED_KEY) || {};

        function settingsFor(doc) {
                const conf = vscode.workspace.getConfiguration("coderun", doc.uri);
                return readSettings((key) => conf.get(key));
        }

        /* docOf(editor, whole): the document as lib/run.js takes it: the selection's
         * text alone when there is one (unless whole). */
        function docOf(editor, whole) {
                const d = editor.document;
                const sel = editor.selection;
                const part = !whole && sel && !sel.isEmpty;
                return {
                        fileName: d.fileName,
                        languageId: d.languageId,
                        untitled: d.isUntitled,
                        text: part ? d.getText(sel) : d.getText(),
                        selection: part ? { line: sel.start.line, column: sel.start.character } : null,
                        uri: d.uri,
                };
        }

        /* viewFor(settings): the terminal's or the output channel's view, cleared
         * when the settings say so, and shown. */
        function viewFor(settings) {
                let view;
                if (settings.output === "outputChannel") {
                        if (!channel)
                                channel = vscode.window.createOutputChannel("coderun");
                        view = createChannelView((t) => channel.append(t));
                        if (settings.clearPreviousOutput)
                                channel.clear();
                        channel.show(true);
                } else {
                        view = terminal.view();
                        if (settings.clearPreviousOutput)
                                view.clear();
                        terminal.show();
                }
                return view;
        }

        function fail(e) {
                vscode.window.showErrorMessage(`coderun: ${e.message || e}`);
        }

        /* prepare(whole): the editor's document, its settings and runtime, and the
         * view, or null when there is nothing to run (said already). */
        async function prepare(whole = false) {
                const editor = vscode.window.activeTextEditor;
                if (!editor) {
                        vscode.window.showInformationMessage("coderun: open a file to run first");
                        return null;
                }
                const settings = settingsFor(editor.document);
                if (settings.saveBeforeRun && editor.document.isDirty && !editor.document.isUntitled)
                        await editor.document.save();
                const doc = docOf(editor, whole);
                /* The run before ends first, its last line shown, before the view is
                 * cleared and taken for this one. */
                await stop();
                const view = viewFor(settings);
                let runtimes;
                try {
                        runtimes = await lib.runtimes.list(settings.server);
                } catch (failure) {
                        const line = outcomeLine(failure, settings.server.base);
                        view.note(line.text.replace(/^\[/, "[no runtime list: "), true);
                        return null;
                }
                const runtime = await lib.chooseRuntime({
                        settings, doc, runtimes, picked: picked()[doc.uri.toString()],
                        pick: (items, title) => vscode.window.showQuickPick(items, { title, matchOnDetail: true })
                                .then((item) => item && item.language),
                });
                if (!runtime) {
                        view.note("[no language picked: nothing ran]");
                        return null;
                }
                return { settings, doc, runtime, view };
        }

        function diagnose(doc) {
                return (list) => problems.set(list, (p) => (p === doc.fileName ? doc.uri : vscode.Uri.file(p)));
        }

        function track(handle) {
                current = handle;
                setRunning(true);
                handle.done.then(() => {
                        if (current === handle) {
                                current = null;
                                setRunning(false);
                        }
                });
                return handle.done;
        }

        /* start(p, stdin, closeStdin): one run of p's document. */
        function start(p, stdin = "", closeStdin = false) {
                const live = p.settings.output !== "outputChannel";
                return track(lib.run({ settings: p.settings, doc: p.doc, runtime: p.runtime, view: p.view, stdin,
                                       closeStdin, diagnose: diagnose(p.doc), live }));
        }

        /* stop(): the running run stopped; resolves once it has ended. */
        function stop() {
                if (!current)
                        return Promise.resolve();
                current.session.stop();
                return current.done;
        }

        const guard = (f) => async (...args) => {
                try {
                        return await f(...args);
                } catch (e) {
                        fail(e);
                        return undefined;
                }
        };

        const commands = {
                "coderun.run": guard(async () => {
                        const p = await prepare();
                        return p ? start(p) : undefined;
                }),
                "coderun.runWithInput": guard(async () => {
                        const editor = vscode.window.activeTextEditor;
                        const from = editor && !editor.document.isUntitled ? path.dirname(editor.document.fileName) : undefined;
                        const files = await vscode.window.showOpenDialog({
                                canSelectFiles: true, canSelectFolders: false, canSelectMany: false,
                                defaultUri: from ? vscode.Uri.file(from) : undefined, openLabel: "Run with this input",
                        });
                        if (!files || !files.length)
                                return undefined;
                        const stdin = fs.readFileSync(files[0].fsPath, "utf8");
                        const p = await prepare();
                        return p ? start(p, stdin, true) : undefined;
                }),
                "coderun.stop": guard(async () => stop()),
                "coderun.pickRuntime": guard(async () => {
                        const editor = vscode.window.activeTextEditor;
                        if (!editor) {
                                vscode.window.showInformationMessage("coderun: open a file to pick its runtime");
                                return undefined;
                        }
                        const settings = settingsFor(editor.document);
                        const runtimes = await lib.runtimes.list(settings.server).catch((failure) => {
                                throw new Error(outcomeLine(failure, settings.server.base).text.slice(1, -1));
                        });
                        const key = editor.document.uri.toString();
                        const item = await vscode.window.showQuickPick(pickItems(runtimes, picked()[key]), {
                                title: `coderun: the runtime for ${path.basename(editor.document.fileName)}`,
                                matchOnDetail: true,
                        });
                        if (!item || !find(runtimes, item.language))
                                return undefined;
                        await context.workspaceState.update(PICKED_KEY, { ...picked(), [key]: item.language });
                        return item.language;
                }),
                "coderun.runTests": guard(async () => {
                        const editor = vscode.window.activeTextEditor;
                        if (!editor || editor.document.isUntitled) {
                                vscode.window.showInformationMessage("coderun: test cases belong to a saved file: open one");
                                return undefined;
                        }
                        const settings = settingsFor(editor.document);
                        const stem = path.basename(editor.document.fileName).replace(/\.[^.]*$/, "");
                        let dir = path.resolve(path.dirname(editor.document.fileName),
                                               settings.testsFolder.replace(/\$\{fileBasenameNoExtension\}/g, stem));
                        if (!fs.existsSync(dir)) {
                                const picked = await vscode.window.showOpenDialog({
                                        canSelectFiles: false, canSelectFolders: true, canSelectMany: false,
                                        defaultUri: vscode.Uri.file(path.dirname(editor.document.fileName)),
                                        openLabel: "Use these test cases",
                                        title: `coderun: no ${settings.testsFolder} folder here: which holds NAME.in and NAME.out?`,
                                });
                                if (!picked || !picked.length)
                                        return undefined;
                                dir = picked[0].fsPath;
                        }
                        const cases = listCases(dir);
                        const p = await prepare(true);
                        if (!p)
                                return undefined;
                        return track(lib.runCases({ settings: p.settings, doc: p.doc, runtime: p.runtime, cases,
                                                    view: p.view, diagnose: diagnose(p.doc) }));
                }),
        };

        return {
                commands,
                /* forget(): the runtime lists, after coderun.server changed. */
                forget: () => lib.runtimes.forget(),
                dispose() {
                        stop();
                        terminal.dispose();
                        problems.dispose();
                        if (channel)
                                channel.dispose();
                },
        };
}

module.exports = { createCommands };
