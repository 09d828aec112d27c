/* www/src/verdicts.js: a test's verdict (docs/protocol.md "Judging") as the page says
 * it: its code and a word a person reads, with a tone for the badge. One table, so that
 * a test's row and its result in the result area never name a verdict two ways. */
import { h } from "./dom.js";

const names = {
        AC: ["Accepted", "ok"],
        WA: ["Wrong answer", "bad"],
        PE: ["Presentation error", "bad"],
        TO: ["Time limit", "warn"],
        ML: ["Memory limit", "warn"],
        RE: ["Runtime error", "bad"],
        SG: ["Killed by a signal", "bad"],
        OL: ["Output limit", "warn"],
        EL: ["Error output limit", "warn"],
        XX: ["Internal error", "bad"],
        CF: ["Checker failed", "bad"],
        NR: ["Not run", "neutral"],
};

/* verdictOf: {code, word, tone} of a reply's test. A test without an expected output
 * is not judged (verdict null): it only ran. A code this page does not know (a newer
 * server's) is shown as it came, never taken for a pass. */
export function verdictOf(test) {
        const code = test?.verdict ?? null;
        if (code === null)
                return { code: null, word: "Ran", tone: "neutral" };
        const [word, tone] = names[code] ?? ["Unknown verdict", test.passed === true ? "ok" : "bad"];
        return { code, word, tone };
}

/* verdictBadge: the badge of a reply's test, "WA Wrong answer"; its code in
 * data-verdict ("" when not judged). */
export function verdictBadge(test) {
        const { code, word, tone } = verdictOf(test);
        return h("span", { class: `badge badge-${tone} verdict`, "data-verdict": code ?? "" },
                code ? h("span", { class: "verdict-code" }, code) : null, code ? " " : null, word);
}
