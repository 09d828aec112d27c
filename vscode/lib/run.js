/* lib/run.js: the extension's commands without VS Code: the runtime chosen, the
 * request built, the session started and its events shown on a view (the terminal's
 * lib/pty.js or an output channel's lib/channel.js), the compile errors handed on as
 * diagnostics, and the outcome's line. The glue gives it the document as plain data
 * and callbacks for what only VS Code can do (a quick pick, the problems panel), so
 * every path a command takes is tested against a real coderun without VS Code. */
"use strict";

const path = require("node:path");
const { getRuntimes } = require("./http");
const { resolve, pickItems, find } = require("./langmap");
const { buildRequest } = require("./request");
const { startSession } = require("./session");
const { outcomeLine, busyLine } = require("./words");
const { parseDiagnostics, shift } = require("./diagnostics");
const { collectFolder } = require("./folder");
const { createTable, firstDifference } = require("./testcases");

/* The runtime list of each server URL, asked once per session of the extension: it
 * changes only when the server's toolchains do (forget() after a settings change). */
function createRuntimes(get = getRuntimes) {
        const lists = new Map();
        return {
                async list(urls) {
                        if (!lists.has(urls.runtimes)) {
                                const p = get(urls.runtimes);
                                lists.set(urls.runtimes, p);
                                p.catch(() => lists.delete(urls.runtimes));
                        }
                        return lists.get(urls.runtimes);
                },
                forget() {
                        lists.clear();
                },
        };
}

/* chooseRuntime({ settings, doc, runtimes, picked, pick }): the runtime for doc, by
 * lib/langmap.js's rules, else by pick(items) (the quick pick; undefined when the
 * person left it). */
async function chooseRuntime({ settings, doc, runtimes, picked, pick }) {
        const r = resolve({ runtimes, languageId: doc.languageId, fileName: doc.fileName,
                            firstLine: doc.text.split("\n", 1)[0], languageMap: settings.languageMap, picked });
        if (r.runtime)
                return r.runtime;
        const chosen = await pick(pickItems(runtimes), `coderun: which language runs ${path.basename(doc.fileName)}?`);
        return chosen ? find(runtimes, chosen) : null;
}

/* diagnosticsOf(result, doc, names): the compile stage's problems, on the document's
 * lines (a selection's moved to where it starts), each with the local file it names
 * (names: the request's file name to the local path; doc.fileName for the document,
 * which may be untitled) or left out. */
function diagnosticsOf(result, doc, names) {
        if (!result || !result.compile)
                return [];
        let list = parseDiagnostics(result.compile.output || `${result.compile.stdout}${result.compile.stderr}`);
        /* One file sent: whatever the compiler calls it (the server's default name
         * for an untitled document), it is the document. */
        const only = names.size === 1 ? [...names.values()][0] : null;
        list = list.filter((d) => only || names.has(d.file)).map((d) => ({ ...d, path: only || names.get(d.file) }));
        if (doc.selection)
                list = list.map((d) => (d.path === doc.fileName ? shift([d], doc.selection.line, doc.selection.column)[0] : d));
        return list;
}

/* filesOf(settings, doc): the entry (the document's text under its own name; an
 * untitled one gets the language's default name from the server, main.c, Main.java),
 * the folder's other files when coderun.sendFolder says so (never for a selection,
 * which is a snippet, not the program), and each request name's local path. */
function filesOf(settings, doc) {
        const entry = { name: doc.untitled ? null : path.basename(doc.fileName), text: doc.text };
        const names = new Map([[entry.name, doc.fileName]]);
        const dir = path.dirname(doc.fileName);
        const others = settings.folder.send && !doc.selection && !doc.untitled
                ? collectFolder(dir, entry.name, settings.folder) : [];
        for (const f of others)
                names.set(f.name, path.join(dir, ...f.name.split("/")));
        return { entry, others, names };
}

/* run({ settings, doc, runtime, view, stdin, closeStdin, diagnose, live }): one run
 * of doc ({ fileName, languageId, text, selection, untitled }: text is the
 * selection's when there is one, selection its start { line, column }). view shows
 * it; diagnose(list) gets the compile errors; live picks the WebSocket (a terminal)
 * over NDJSON (an output channel). stdin is sent first; closeStdin ends it there (an
 * input file). Returns { session, done }: done resolves with the outcome once the
 * line is shown. */
function run({ settings, doc, runtime, view, stdin = "", closeStdin = false, diagnose = () => {}, live = true }) {
        const { entry, others, names } = filesOf(settings, doc);
        const tty = live && settings.tty;
        const request = buildRequest({ runtime, entry, others, stdin, limits: settings.limits, tty });
        let session;
        let stage = "";
        const done = new Promise((resolveDone) => {
                session = startSession({
                        urls: settings.server, request, live,
                        on: {
                                event(ev) {
                                        if (ev.type === "runtime")
                                                view.note(`[${entry.name || "untitled"} · ${ev.language} ${ev.version}]`);
                                        if (ev.type === "stage")
                                                stage = ev.stage;
                                        /* Only a tty run's run stage has a pty to end its
                                         * lines; the compiler writes to a pipe. */
                                        if (ev.type === "data")
                                                view.output(ev.data, tty && stage === "run");
                                },
                                busy(tries, secs) {
                                        view.note(busyLine(tries, secs));
                                },
                                end(outcome) {
                                        view.end();
                                        const result = outcome.kind === "done" ? outcome.result : null;
                                        const diags = diagnosticsOf(result, doc, names);
                                        diagnose(diags);
                                        const line = outcomeLine(outcome, settings.server.base);
                                        const problems = diags.filter((d) => d.severity === "error").length;
                                        view.note(line.text + (problems ? ` (${problems} in Problems)` : ""), line.bad);
                                        resolveDone(outcome);
                                },
                        },
                });
        });
        view.begin({ tty, send: (ev) => session.send(ev) });
        if (closeStdin)
                session.send({ type: "stdin_close" });
        return { session, done };
}

/* runCases({ settings, doc, runtime, cases, view, diagnose }): doc against its test
 * cases ([{ name, stdin, expected }], lib/testcases.js), compiled once and run per
 * case by the server, each row shown as its test ends. */
function runCases({ settings, doc, runtime, cases, view, diagnose = () => {} }) {
        const { entry, others, names } = filesOf(settings, doc);
        const request = buildRequest({ runtime, entry, others, limits: settings.limits, tests: cases });
        const table = createTable(cases);
        let session;
        let headed = false;
        const done = new Promise((resolveDone) => {
                session = startSession({
                        urls: settings.server, request, live: false,
                        on: {
                                event(ev) {
                                        if (ev.type === "data" && ev.test === undefined)
                                                view.output(ev.data);        /* the compiler's words */
                                        if (ev.type !== "exit" || ev.test === undefined)
                                                return;
                                        if (!headed)
                                                view.note(table.header());
                                        headed = true;
                                        const row = table.row(ev);
                                        view.note(row.text, !row.ok);
                                },
                                busy(tries, secs) {
                                        view.note(busyLine(tries, secs));
                                },
                                end(outcome) {
                                        view.end();
                                        const result = outcome.kind === "done" ? outcome.result : null;
                                        diagnose(diagnosticsOf(result, doc, names));
                                        if (result && Array.isArray(result.tests)) {
                                                result.tests.forEach((t, i) => {
                                                        if (t.passed === false && t.status === null && cases[i]) {
                                                                const why = firstDifference(cases[i].expected, t.stdout);
                                                                if (why)
                                                                        view.note(`${cases[i].name}: ${why}`, true);
                                                        }
                                                });
                                                const total = table.total();
                                                view.note(total.text, !total.ok);
                                        } else {
                                                const line = outcomeLine(outcome, settings.server.base);
                                                view.note(line.text, line.bad);
                                        }
                                        resolveDone(outcome);
                                },
                        },
                });
        });
        view.begin({ tty: false, send: () => {} });
        return { session, done };
}

module.exports = { run, runCases, chooseRuntime, createRuntimes, diagnosticsOf };
