/* lib/words.js: a run's outcome in words, the line a run ends with: "[exit 0 ·
 * 0.12 s · 8 MiB]", or the status said as a person would ("wall time limit exceeded
 * (3 s)") with the setting that raises the limit, or why there was no run at all.
 * The server's messages are rewritten in seconds and MiB and in the settings' names,
 * as the CLI rewrites them in its flags. It touches nothing. */
"use strict";

const { LIMIT_SETTINGS } = require("./request");

/* seconds(ms): "0.12 s" for a run's time; two decimals up to 10 s, then one. */
function seconds(ms) {
        return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

/* bytes(n): "512 KiB", "8 MiB", "1.5 GiB"; whole units up to a GiB. */
function bytes(n) {
        if (n < 1024)
                return `${n} B`;
        if (n < 1024 * 1024)
                return `${Math.round(n / 1024)} KiB`;
        if (n < 1024 * 1024 * 1024)
                return `${Math.round(n / (1024 * 1024))} MiB`;
        return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
}

/* exact(v, unit): a limit as given, without rounding: "3 s", "1.5 s", "256 MiB",
 * "1536 KiB", "1000 bytes". */
function exact(v, unit) {
        if (unit === "ms")
                return `${v / 1000} s`;
        if (v % (1024 * 1024) === 0)
                return `${v / (1024 * 1024)} MiB`;
        if (v % 1024 === 0)
                return `${v / 1024} KiB`;
        return `${v} bytes`;
}

/* inUnits(message): "wall time limit exceeded (3000 ms)" as "... (3 s)". */
function inUnits(message) {
        return String(message || "").replace(/\((\d+) (ms|bytes)\)$/, (_, v, unit) => `(${exact(Number(v), unit)})`);
}

/* hint(stage, compile): which setting raises the limit the stage hit. */
function hint(stage, compile) {
        const cpu = /^CPU time/.test(stage.message || "");
        if (stage.status === "TO" || stage.status === "ML") {
                if (compile)
                        return "the language's compile limit, which no setting here raises";
                return stage.status === "ML" ? "coderun.limits.memory raises it"
                                             : cpu ? "coderun.limits.cpuTime raises it" : "coderun.limits.time raises it";
        }
        if (stage.status === "OL" || stage.status === "EL")
                return "the server's own limit, which no setting raises";
        return "";
}

/* figures(stage): " · 0.12 s · 8 MiB", the memory left out when unmeasured. */
function figures(stage) {
        let s = "";
        if (Number.isFinite(stage.wall_time))
                s += ` · ${seconds(stage.wall_time)}`;
        if (Number.isFinite(stage.memory))
                s += ` · ${bytes(stage.memory)}`;
        return s;
}

/* stageLine(stage, { compile, stopped }): { text, bad } for one stage's end. */
function stageLine(stage, { compile = false, stopped = false } = {}) {
        const what = compile ? "compile error: " : "";
        if (stage.status === null || stage.status === undefined)
                return { text: `[exit ${stage.code}${figures(stage)}]`, bad: false };
        if (stopped && stage.signal === "SIGKILL" && stage.status === "SG")
                return { text: `[stopped${figures(stage)}]`, bad: true };
        if (stage.status === "RE")
                return { text: `[${what}exit ${stage.code}${figures(stage)}]`, bad: true };
        const h = hint(stage, compile);
        const words = inUnits(stage.message) || stage.status;
        return { text: `[${compile ? "compile: " : ""}${words}${figures(stage)}]${h ? ` ${h}` : ""}`, bad: true };
}

/* refusal(code, message): the server's refusal of the request, its limit fields
 * named by the settings that set them. */
function refusal(code, message) {
        const m = /^(\w+): (\d+) is above the server's maximum (\d+)$/.exec(message || "");
        if (m && LIMIT_SETTINGS[m[1]]) {
                const { setting, unit } = LIMIT_SETTINGS[m[1]];
                return `[${setting} ${exact(Number(m[2]), unit)} is above the server's maximum of ${exact(Number(m[3]), unit)}]`;
        }
        if (code === "unknown_language")
                return `[${message}: "coderun: Pick Runtime" picks another]`;
        if (code === "internal")
                return `[the server failed: ${message}]`;
        return `[the server refused the run: ${message || code}]`;
}

/* outcomeLine(outcome, server): { text, bad } for how a run ended (lib/session.js's
 * outcomes); server is the URL the person set, named when it cannot be reached. */
function outcomeLine(outcome, server) {
        switch (outcome.kind) {
        case "done": {
                const r = outcome.result;
                if (r.compile && r.compile.status !== null && r.compile.status !== undefined)
                        return stageLine(r.compile, { compile: true, stopped: outcome.stopped });
                if (r.run)
                        return stageLine(r.run, { stopped: outcome.stopped });
                return { text: "[done]", bad: false };
        }
        case "stopped":
                return { text: "[stopped]", bad: true };
        case "error":
        case "refused":
                return { text: refusal(outcome.code, outcome.message), bad: true };
        case "busy":
                return { text: `[the server is busy: every job slot stayed taken through ${outcome.tries} tries; ` +
                               "try again later]", bad: true };
        case "unreachable":
                return { text: `[the server at ${server} cannot be reached: ${outcome.message}. Is it running? ` +
                               "The coderun.server setting names it]", bad: true };
        case "down":
                return { text: `[the server at ${server} is down: ${outcome.message}]`, bad: true };
        case "lost":
                return { text: `[the connection to the server was lost: ${outcome.message}]`, bad: true };
        default:
                return { text: `[the server's answer is not coderun's: ${outcome.message}]`, bad: true };
        }
}

/* busyLine(tries, seconds): the note while a busy server is waited for. */
function busyLine(tries, secs) {
        return `[the server is busy (every job slot taken): trying again in ${secs} s, try ${tries + 1}]`;
}

module.exports = { outcomeLine, stageLine, busyLine, seconds, bytes, inUnits };
