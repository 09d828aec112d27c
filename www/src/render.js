/* www/src/render.js: an executor reply as DOM: a status badge, the facts (exit code,
 * wall and CPU time, peak memory), and each stage's stdout and stderr apart, compile
 * output apart from run output, truncation said in words; or, with tests, each test's
 * verdict (verdicts.js) and the checker's word, a failed one's expected and actual
 * output side by side. Program output only ever goes in as text (dom.js). */
import { h } from "./dom.js";
import { verdictBadge } from "./verdicts.js";

const statusNames = {
        RE: ["Runtime error", "bad"],
        SG: ["Signal", "bad"],
        TO: ["Time limit", "warn"],
        ML: ["Memory limit", "warn"],
        OL: ["Output limit", "warn"],
        EL: ["Output limit", "warn"],
        XX: ["Internal error", "bad"],
};

/* badgeFor: [label, tone] of a stage's outcome. */
export function badgeFor(stage) {
        if (stage.status === null || stage.status === undefined)
                return stage.code === 0 || stage.code === undefined ? ["OK", "ok"] : ["Runtime error", "bad"];
        return statusNames[stage.status] ?? [stage.status, "bad"];
}

export function badge([label, tone]) {
        return h("span", { class: `badge badge-${tone}` }, label);
}

/* renderReply: the whole outcome of one /execute reply (with or without tests). */
export function renderReply(reply, expectedTests = []) {
        const parts = [];
        const compileFailed = reply.compile && reply.compile.status !== null;
        let top;
        if (compileFailed)
                top = [["Compile error", "bad"], reply.compile.message];
        else if (reply.tests)
                top = testsSummary(reply.tests);
        else if (reply.run)
                top = [badgeFor(reply.run), reply.run.message];
        else
                top = [["No result", "bad"], "the reply has neither a run nor tests"];
        parts.push(h("div", { class: "summary", "data-outcome": top[0][0] },
                badge(top[0]), top[1] ? h("span", { class: "message" }, top[1]) : null,
                h("span", { class: "runtime" }, `${reply.language} ${reply.version}`)));
        if (reply.compile)
                parts.push(stageBlock("Compile", reply.compile, { open: compileFailed || hasOutput(reply.compile) }));
        if (reply.run)
                parts.push(stageBlock("Run", reply.run, { open: true }));
        if (reply.tests)
                parts.push(testsBlock(reply.tests, expectedTests));
        return parts;
}

function testsSummary(tests) {
        const passed = tests.filter((x) => x.passed === true).length;
        const judged = tests.filter((x) => x.passed !== null).length;
        const notRun = tests.filter((x) => x.verdict === "NR").length;
        const tone = passed === judged ? "ok" : "bad";
        const label = judged ? `${passed} of ${judged} passed` : `${tests.length} ran`;
        const notes = [
                notRun ? `${notRun} not run after a failure` : null,
                judged < tests.length ? `${tests.length - judged} without an expected output` : null,
        ].filter(Boolean);
        return [[label, tone], notes.length ? notes.join("; ") : null];
}

function hasOutput(stage) {
        return stage.stdout !== "" || stage.stderr !== "";
}

/* stageBlock: one stage (compile or run) in a <details>, facts first, then streams.
 * A compiler's non-zero exit is the compile error itself, not a runtime error. */
function stageBlock(title, stage, { open }) {
        const outcome = title === "Compile" && stage.status === "RE" ? ["Failed", "bad"] : badgeFor(stage);
        return h("details", { class: "stage", "data-stage": title.toLowerCase(), open },
                h("summary", {}, h("h3", {}, title), " ", badge(outcome)),
                facts(stage),
                stream("stdout", stage.stdout, stage.stdout_truncated, title),
                stream("stderr", stage.stderr, stage.stderr_truncated, title));
}

/* facts: exit code or signal, wall time, CPU time, peak memory. */
export function facts(stage) {
        const rows = [
                ["Exit code", stage.code ?? "none"],
                stage.signal ? ["Signal", stage.signal] : null,
                ["Wall time", ms(stage.wall_time)],
                ["CPU time", ms(stage.cpu_time)],
                ["Peak memory", bytes(stage.memory)],
        ].filter(Boolean);
        return h("dl", { class: "facts" },
                rows.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, String(v)))));
}

/* stream: a labelled block of one stream's text; the label says when it was cut. */
function stream(name, text, truncated, stageTitle) {
        const label = `${stageTitle} ${name}`;
        return h("div", { class: `stream stream-${name}`, "data-stream": name },
                h("h4", {}, name, truncated ? h("span", { class: "truncated" }, " (truncated at the output limit)") : null),
                text === ""
                        ? h("p", { class: "empty" }, `no ${name}`)
                        : h("pre", { tabindex: 0, role: "region", "aria-label": label }, text));
}

/* testsBlock: a test per item: its verdict and why. A failed test that ran shows what
 * was expected beside what it printed (stacked on a phone, style.css); a test not
 * run has nothing to show but that. */
function testsBlock(results, expectedTests) {
        return h("ol", { class: "test-results" }, results.map((r, i) => {
                const name = `Test ${i + 1}`;
                const expected = expectedTests[i]?.expected ?? "";
                const notRun = r.verdict === "NR";
                const failed = r.passed === false && !notRun;
                const why = r.checker_message ?? (r.status ? r.message : null);
                return h("li", { class: "test-result", "data-passed": String(r.passed), "data-verdict": r.verdict ?? "" },
                        h("div", { class: "test-head" },
                                h("h3", {}, name), verdictBadge(r),
                                /* Not judged, it still has its run's status. */
                                r.status && !r.verdict ? badge(badgeFor(r)) : null,
                                why ? h("span", { class: "message" }, why) : null,
                                notRun ? h("span", { class: "message" }, "not run: an earlier test failed") : null),
                        notRun ? null : h("details", { class: "stage", open: failed },
                                h("summary", {}, "Output and details"),
                                facts(r),
                                failed ? compare(r, expected, name)
                                        : [stream("stdout", r.stdout, r.stdout_truncated, name),
                                           r.passed !== null ? expectedBlock(expected, name) : null],
                                stream("stderr", r.stderr, r.stderr_truncated, name)));
        }));
}

/* compare: expected output and stdout of a failed test, in two columns. */
function compare(r, expected, name) {
        return h("div", { class: "compare" },
                expectedBlock(expected, name),
                stream("stdout", r.stdout, r.stdout_truncated, name));
}

function expectedBlock(expected, name) {
        return h("div", { class: "stream stream-expected", "data-stream": "expected" },
                h("h4", {}, "expected"),
                expected === "" ? h("p", { class: "empty" }, "empty")
                        : h("pre", { tabindex: 0, role: "region", "aria-label": `${name} expected output` }, expected));
}

function ms(v) {
        return v === null || v === undefined ? "not measured" : `${v} ms`;
}

function bytes(v) {
        if (v === null || v === undefined)
                return "not measured";
        if (v < 1024 * 1024)
                return `${(v / 1024).toFixed(0)} KiB`;
        return `${(v / 1024 / 1024).toFixed(1)} MiB`;
}
