/* www/src/main.js: the playground page. It fills the language picker (picker.js) from
 * GET /api/v2/runtimes, keeps the code edited in each language as a draft (drafts.js),
 * runs the editor's program live in the terminal pane (live.js over the WebSocket,
 * terminal.js, linedisc.js without a tty; batch POST when the live stream is not
 * available) or its test cases in one batch request through POST /api/v2/execute,
 * judged as checker.js says, shows the reply (render.js), and shares a program as a
 * URL fragment (share.js). It says plainly when the server is down, busy or refuses a
 * request. Program output is never parsed as HTML (dom.js). */
import { createEditor } from "./editor.js";
import { runtimes, execute, eventError, ApiError } from "./api.js";
import { encodeState, decodeState } from "./share.js";
import { renderReply } from "./render.js";
import { createTestCases } from "./testcases.js";
import { createChecker, judgingFields } from "./checker.js";
import { displayName, starterFor } from "./starters.js";
import { h } from "./dom.js";
import { createTerminal } from "./terminal.js";
import { createLineDiscipline } from "./linedisc.js";
import { openLive } from "./live.js";
import { createPicker } from "./picker.js";
import { openDrafts } from "./drafts.js";

const $ = (id) => document.getElementById(id);
const ui = {
        language: $("language"),
        run: $("run"),
        runTests: $("run-tests"),
        addTest: $("add-test"),
        share: $("share"),
        shareBox: $("share-box"),
        shareUrl: $("share-url"),
        stdin: $("stdin"),
        args: $("args"),
        status: $("status"),
        outcome: $("outcome"),
        result: $("result"),
        tty: $("tty"),
        stop: $("stop"),
        reset: $("reset"),
        draftsNote: $("drafts-note"),
};

const PREFERRED = ["c", "python", "cpp"];
let offered = [];         /* the runtime list */
let language = "";        /* the picker's language, once the list is known */
let running = false;

const picker = createPicker(ui.language, $("language-list"), $("language-count"), { onPick: switchLanguage });
const drafts = openDrafts({
        onTrouble: () => {
                ui.draftsNote.textContent = "This browser does not let the page keep edits: a reload loses them.";
        },
});
const editor = createEditor($("editor"), { onRun: () => run(false), onEdit: edited });
const testCases = createTestCases($("cases"), { onChange: updateButtons });
/* A verdict judged by another checker is stale: the rows lose theirs, as on an edit. */
const checker = createChecker({
        kind: $("checker"),
        tolerance: $("checker-tolerance"),
        abs: $("checker-abs"),
        rel: $("checker-rel"),
        error: $("checker-error"),
        stop: $("stop-on-failure"),
}, { onChange: () => testCases.showVerdicts(null) });
let session = null;       /* the live run (live.js), while one is open */
let discipline = null;    /* its line editing, without a tty */
const terminal = createTerminal($("terminal"), {
        onData: (data) => {
                if (!session)
                        return;
                if (discipline)
                        discipline.input(data);
                else
                        session.stdin(data);
        },
        onResize: (rows, cols) => session?.resize(rows, cols),
});
ui.stop.addEventListener("click", () => {
        if (ui.stop.getAttribute("aria-disabled") !== "true")
                session?.stop();
});

ui.reset.addEventListener("click", resetCode);
ui.run.addEventListener("click", () => run(false));
ui.runTests.addEventListener("click", () => run(true));
ui.addTest.addEventListener("click", () => testCases.add().querySelector("textarea").focus());
ui.share.addEventListener("click", share);
ui.shareUrl.addEventListener("focus", () => ui.shareUrl.select());
window.addEventListener("hashchange", () => loadFragment().then((s) => s && applyState(s)));
document.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
                e.preventDefault();
                run(false);
        }
});

start();

/* start: a shared program first (so that its code shows even when the server is down),
 * then the language list, on the shared program's language, else the one picked last. */
async function start() {
        updateButtons();
        const shared = await loadFragment();
        if (shared)
                applyState(shared);
        setStatus("Loading the list of languages…");
        try {
                offered = await runtimes();
        } catch (e) {
                showError(e, "The list of languages could not be loaded.", () => {
                        ui.outcome.replaceChildren();
                        start();
                });
                picker.say("Unavailable");
                setStatus("Not connected.");
                return;
        }
        picker.offer(offered.map((r) => ({ value: r.language, name: displayName(r.language),
                                           version: r.version, aliases: r.aliases ?? [] })));
        const names = offered.map((r) => r.language);
        const last = drafts.last;
        const wanted = shared?.language ?? (names.includes(last) ? last : null)
                ?? PREFERRED.find((n) => names.includes(n)) ?? names[0] ?? "";
        if (shared && !names.includes(shared.language)) {
                showNotice(`This link's language, ${shared.language}, is not offered by this server. Pick another one.`);
                setLanguage(names[0] ?? "", false);
        } else {
                setLanguage(wanted, !shared);
        }
        updateButtons();
        setStatus(offered.length ? "Ready: Run (Ctrl+Enter) runs the program." : "This server offers no language.");
}

/* setLanguage: NAME in the picker and the editor; with LOAD, the editor shows its draft,
 * or its starter when it has none. */
function setLanguage(name, load) {
        language = name;
        picker.value = name;
        editor.setLanguage(name);
        if (load)
                replaceCode(drafts.get(name) ?? starterFor(name));
}

/* switchLanguage: NEXT was picked. It brings its draft; without one, its starter, unless
 * the code was edited (a program pasted before its language was picked stays). */
function switchLanguage(next) {
        /* Made now: the old language's pending save reads the editor, whose next edits
         * are the new language's. */
        drafts.flush();
        setLanguage(next, drafts.get(next) !== null || pristine(language, editor.code));
        drafts.remember(next);
}

/* pristine: CODE is no draft of NAME: empty, or NAME's starter as it came. */
function pristine(name, code) {
        return code.trim() === "" || code === starterFor(name);
}

/* edited: the person changed the code: it becomes the language's draft after a pause
 * (an emptied editor, or the starter typed back, leaves none). */
function edited() {
        const name = language;
        if (name)
                drafts.save(name, () => (pristine(name, editor.code) ? null : editor.code));
}

/* replaceCode: TEXT in the editor. A pending save is made first: it reads the editor. */
function replaceCode(text) {
        drafts.flush();
        editor.code = text;
}

/* resetCode: the language's starter back, and its draft forgotten. */
function resetCode() {
        if (!language)
                return;
        replaceCode(starterFor(language));
        drafts.forget(language);
        setStatus(`${displayName(language)}: the starter is back, and the draft forgotten.`);
}

/* currentState: the page as a share link holds it; null, said in the status and with
 * the focus on the field, while a checker's tolerance is not a number it can hold. */
function currentState() {
        const judging = judgingNow();
        if (!judging)
                return null;
        return {
                language,
                code: editor.code,
                stdin: ui.stdin.value,
                args: parseArgs(ui.args.value),
                tests: testCases.cases,
                checker: judging.checker,
                stopOnFailure: judging.stopOnFailure,
                tty: ui.tty.checked,
        };
}

/* judgingNow: the checker's state, or null when a tolerance is wrong (said, focused). */
function judgingNow() {
        const judging = checker.read();
        if (!judging.problem)
                return judging;
        setStatus(`The checker's ${judging.problem.message}.`);
        judging.problem.input.focus();
        return null;
}

/* applyState: a shared program, over any draft (which stays stored until an edit). */
function applyState(state) {
        replaceCode(state.code);
        ui.stdin.value = state.stdin;
        ui.args.value = state.args.join("\n");
        testCases.cases = state.tests;
        checker.set(state);
        ui.tty.checked = state.tty;
        if (offered.some((r) => r.language === state.language))
                setLanguage(state.language, false);
        else if (offered.length)
                showNotice(`This link's language, ${state.language}, is not offered by this server. Pick another one.`);
        else
                editor.setLanguage(state.language);
}

async function loadFragment() {
        const fragment = location.hash.slice(1);
        if (!fragment)
                return null;
        try {
                return await decodeState(fragment);
        } catch (e) {
                showNotice(`This link could not be opened: ${e.message}.`);
                return null;
        }
}

/* Arguments: one per line; the last line break ends the list and adds none. */
function parseArgs(text) {
        if (text === "")
                return [];
        return text.replace(/\n$/, "").split("\n");
}

async function run(withTests) {
        if (running || !language)
                return;
        const runtime = offered.find((r) => r.language === language);
        const request = {
                language,
                version: runtime?.version ?? "*",
                files: [{ content: editor.code }],
                stdin: ui.stdin.value,
                args: parseArgs(ui.args.value),
        };
        const cases = withTests ? testCases.cases : [];
        if (withTests) {
                if (cases.length === 0)
                        return;
                const judging = judgingNow();
                if (!judging)
                        return;
                /* An empty expected output means "just run it": passed is then null. */
                request.tests = cases.map((c) => (c.expected === "" ? { stdin: c.stdin }
                        : { stdin: c.stdin, expected_output: c.expected }));
                Object.assign(request, judgingFields(judging));
        }
        if (withTests)
                runBatch(request, cases, `Running ${cases.length} test${cases.length === 1 ? "" : "s"}`);
        else
                runLive(request);
}

/* runLive: the run in the terminal as it happens; the previous result is cleared.
 * A WebSocket that fails before the run begins falls back to batch, said in a note. */
function runLive(request) {
        const tty = ui.tty.checked;
        ui.outcome.replaceChildren();
        testCases.showVerdicts(null);
        terminal.reset(tty);
        setRunning(true, "Running");
        const t0 = performance.now();
        const end = () => {
                session = discipline = null;
                ui.stop.setAttribute("aria-disabled", "true");
                setRunning(false);
        };
        const s = session = openLive(tty ? { ...request, tty: true } : request, {
                runtime: () => ui.stop.setAttribute("aria-disabled", "false"),
                stage: () => {},
                data: (stream, text) => terminal.write(text),
                exit: () => {},
                done: (reply) => {
                        end();
                        ui.outcome.replaceChildren(...renderReply(reply));
                        revealResult();
                        setStatus(`Done: ${ui.outcome.querySelector(".summary .badge").textContent} (ended ${Math.round(performance.now() - t0)} ms after Run).`);
                },
                error: (code, message) => {
                        end();
                        showError(eventError(code, message), "The program was not run.");
                        setStatus("The program was not run.");
                        revealResult();
                },
                lost: (why) => {
                        end();
                        showError(new ApiError("unreachable", `The live connection to the run was lost: ${why}.`),
                                "The program's result is not known.");
                        setStatus("The run's connection was lost.");
                        revealResult();
                },
                unavailable: (why) => {
                        end();
                        const note = h("p", { class: "note", role: "note", "data-kind": "fallback" },
                                `The live stream was not available: ${why}. The program ran in batch instead: `
                                + "its output shows below once it ends, and typing in the terminal does not reach it.");
                        runBatch(request, [], "Running in batch", note);
                },
        });
        if (tty) {
                s.resize(terminal.rows, terminal.cols);
        } else {
                discipline = createLineDiscipline({
                        echo: (text) => terminal.write(text),
                        send: (text) => s.stdin(text),
                        close: () => s.closeStdin(),
                        interrupt: () => s.signal("SIGINT"),
                });
        }
}

/* runBatch: one POST /api/v2/execute, its reply shown when it comes; NOTE (an element)
 * above the result. */
async function runBatch(request, cases, what, note = null) {
        setRunning(true, what);
        const t0 = performance.now();
        const withNote = (parts) => (note ? [note, ...parts] : parts);
        try {
                const reply = await execute(request);
                ui.outcome.replaceChildren(...withNote(renderReply(reply, cases)));
                testCases.showVerdicts(cases.length ? reply.tests : null);
                revealResult();
                setStatus(`Done: ${ui.outcome.querySelector(".summary .badge").textContent} (answered in ${Math.round(performance.now() - t0)} ms).`);
        } catch (e) {
                testCases.showVerdicts(null);
                showError(e, "The program was not run.");
                if (note)
                        ui.outcome.prepend(note);
                setStatus("The program was not run.");
                revealResult();
        } finally {
                setRunning(false);
        }
}

/* revealResult: on a narrow screen the result is below the inputs: bring it up. */
function revealResult() {
        if (ui.result.getBoundingClientRect().top < window.innerHeight * 0.75)
                return;
        const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        ui.result.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
}

let ticker = 0;

function setRunning(on, what = "") {
        running = on;
        document.body.classList.toggle("running", on);
        ui.result.setAttribute("aria-busy", String(on));
        for (const b of [ui.run, ui.runTests])
                b.setAttribute("aria-disabled", String(on || b.dataset.blocked === "true"));
        ui.run.textContent = on ? "Running…" : "Run";
        clearInterval(ticker);
        if (on) {
                const t0 = Date.now();
                setStatus(`${what}…`);
                ticker = setInterval(() => setStatus(`${what}… ${Math.round((Date.now() - t0) / 1000)} s`), 1000);
        }
}

/* updateButtons: Run needs a language, Run tests needs a test case too. aria-disabled
 * rather than disabled, so that a focused button keeps the focus. */
function updateButtons() {
        const noLanguage = !language;
        ui.run.dataset.blocked = String(noLanguage);
        ui.runTests.dataset.blocked = String(noLanguage || testCases.cases.length === 0);
        for (const b of [ui.run, ui.runTests])
                b.setAttribute("aria-disabled", String(running || b.dataset.blocked === "true"));
}

async function share() {
        const state = currentState();
        if (!state)
                return;
        const fragment = await encodeState(state);
        history.replaceState(null, "", `#${fragment}`);
        ui.shareUrl.value = location.href;
        ui.shareBox.hidden = false;
        let copied = false;
        try {
                await navigator.clipboard.writeText(location.href);
                copied = true;
        } catch {
                /* No clipboard (permission, insecure origin): the field below has the link. */
        }
        setStatus(`${copied ? "Link copied to the clipboard" : "Link ready below"}: it holds the code, language, stdin, arguments, tests and their checker; nothing is stored on the server.`);
}

function setStatus(text) {
        ui.status.textContent = text;
}

const alertTitles = {
        down: "Server down",
        busy: "Server busy",
        refused: "Request refused",
        unreachable: "Cannot reach the server",
        bad_reply: "Unexpected answer",
};

/* showError: an ApiError (or any error) as an alert in the result area. */
function showError(e, context, retry) {
        const kind = e.kind ?? "bad_reply";
        ui.outcome.replaceChildren(h("div", { class: `alert alert-${kind}`, role: "alert", "data-kind": kind },
                h("h3", {}, alertTitles[kind] ?? "Error"),
                h("p", {}, e.message),
                context ? h("p", {}, context) : null,
                retry ? h("button", { type: "button", class: "secondary", onclick: retry }, "Try again") : null));
}

function showNotice(text) {
        ui.outcome.replaceChildren(h("div", { class: "alert alert-notice", role: "alert", "data-kind": "notice" },
                h("p", {}, text)));
}
