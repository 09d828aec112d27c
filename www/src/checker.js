/* www/src/checker.js: how the tests are judged (docs/protocol.md "Judging"): the
 * checker picked (lines, exact, tokens, float with its abs and rel tolerances,
 * unordered) and "stop at the first failure", as the page's controls, as state (for
 * the share link) and as the request's fields. A tolerance the executor would refuse
 * (not a finite number >= 0) is said at the field, and the page is told so before it
 * sends anything. It never sends a request nor touches the test rows. */

export const DEFAULT_CHECKER = "lines";
const NAMES = ["lines", "exact", "tokens", "float", "unordered"];
/* The tolerances a new float checker starts with: a millionth either way, what most
 * judges use for answers printed with six or more digits. */
const DEFAULT_TOLERANCE = 1e-6;

/* isChecker: VALUE is a checker this page can show: one of NAMES but "float" as a
 * string, or {type: "float", abs, rel} with both finite numbers >= 0. */
export function isChecker(value) {
        if (typeof value === "string")
                return value !== "float" && NAMES.includes(value);
        return value !== null && typeof value === "object" && value.type === "float"
                && Object.keys(value).length === 3 && tolerance(value.abs) && tolerance(value.rel);
}

function tolerance(v) {
        return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

/* judgingFields: the request's judging fields for STATE ({checker, stopOnFailure}):
 * nothing for the defaults, so that a request judged as before is the same request. */
export function judgingFields({ checker, stopOnFailure }) {
        const fields = {};
        if (checker !== DEFAULT_CHECKER)
                fields.checker = checker;
        if (stopOnFailure)
                fields.stop_on_failure = true;
        return fields;
}

/* createChecker: the controls in ELS ({kind: <select>, tolerance: the abs and rel
 * group, abs, rel: number inputs, error: where a bad tolerance is said, stop: the
 * checkbox}); onChange() after any change by the person. */
export function createChecker(els, { onChange }) {
        function showTolerance() {
                els.tolerance.hidden = els.kind.value !== "float";
        }

        /* problemOf: what is wrong with INPUT's tolerance, or null. A number input's value
         * is "" for text that is no number (badInput) and for an empty field alike. */
        function problemOf(input, name) {
                const text = input.value.trim();
                const v = Number(text);
                if (text === "" || !Number.isFinite(v))
                        return `${name} must be a number, such as 1e-6`;
                if (v < 0)
                        return `${name} must be 0 or more`;
                return null;
        }

        /* validate: the float's tolerances marked (aria-invalid) and their problems said
         * under them; the first problem, {input, message}, or null. */
        function validate() {
                const problems = [];
                for (const [input, name] of [[els.abs, "abs"], [els.rel, "rel"]]) {
                        const message = els.kind.value === "float" ? problemOf(input, name) : null;
                        if (message)
                                problems.push({ input, message });
                        input.setAttribute("aria-invalid", String(message !== null));
                }
                els.error.textContent = problems.map((p) => `${p.message}.`).join(" ");
                els.error.hidden = problems.length === 0;
                return problems[0] ?? null;
        }

        els.kind.addEventListener("change", () => {
                showTolerance();
                validate();
                onChange();
        });
        for (const input of [els.abs, els.rel])
                input.addEventListener("input", () => {
                        validate();
                        onChange();
                });
        els.stop.addEventListener("change", onChange);
        showTolerance();

        return {
                /* read: {checker, stopOnFailure, problem}: problem is null, or the first
                 * bad tolerance ({input, message}), and then checker is null. */
                read() {
                        const problem = validate();
                        const kind = els.kind.value;
                        const checker = problem ? null : kind !== "float" ? kind
                                : { type: "float", abs: Number(els.abs.value), rel: Number(els.rel.value) };
                        return { checker, stopOnFailure: els.stop.checked, problem };
                },
                /* set: STATE ({checker, stopOnFailure}) shown; a float's tolerances in its
                 * fields, the others' left at their defaults. */
                set({ checker, stopOnFailure }) {
                        const float = typeof checker === "object";
                        els.kind.value = float ? "float" : checker;
                        els.abs.value = String(float ? checker.abs : DEFAULT_TOLERANCE);
                        els.rel.value = String(float ? checker.rel : DEFAULT_TOLERANCE);
                        els.stop.checked = stopOnFailure;
                        showTolerance();
                        validate();
                },
        };
}
