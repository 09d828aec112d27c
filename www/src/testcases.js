/* www/src/testcases.js: the editable list of test cases (stdin + expected output),
 * each row numbered and removable, with the verdict of the last run shown on its row
 * (verdicts.js) and the checker's word on a wrong answer under it. It holds no state
 * of its own beyond the DOM rows. */
import { h, uid } from "./dom.js";
import { verdictBadge } from "./verdicts.js";

export function createTestCases(list, { onChange }) {
        function add(stdin = "", expected = "") {
                const stdinId = uid("case-stdin");
                const expectedId = uid("case-expected");
                const legend = h("legend", {});
                const verdict = h("span", { class: "case-verdict" });
                const message = h("p", { class: "case-message", hidden: true });
                const remove = h("button", { type: "button", class: "case-remove secondary" }, "Remove");
                const stdinBox = h("textarea", { id: stdinId, class: "case-stdin", rows: 2, spellcheck: "false" });
                const expectedBox = h("textarea", { id: expectedId, class: "case-expected", rows: 2, spellcheck: "false" });
                stdinBox.value = stdin;
                expectedBox.value = expected;
                const row = h("li", { class: "case" },
                        h("fieldset", {},
                                legend,
                                h("div", { class: "case-fields" },
                                        h("div", {}, h("label", { for: stdinId }, "stdin"), stdinBox),
                                        h("div", {}, h("label", { for: expectedId }, "Expected output"), expectedBox)),
                                h("div", { class: "case-actions" },
                                        h("div", { class: "case-result", "aria-live": "polite" }, verdict, message),
                                        remove)));
                remove.addEventListener("click", () => {
                        const next = row.nextElementSibling ?? row.previousElementSibling;
                        row.remove();
                        renumber();
                        onChange();
                        (next?.querySelector("textarea") ?? list.closest("section")?.querySelector("button"))?.focus();
                });
                for (const box of [stdinBox, expectedBox])
                        box.addEventListener("input", () => showVerdict(row, null));
                list.append(row);
                renumber();
                onChange();
                return row;
        }

        /* showVerdict: ROW's verdict badge and checker message from RESULT, a reply's
         * test (none: the row shows nothing, as before its first run). */
        function showVerdict(row, result) {
                const message = row.querySelector(".case-message");
                row.querySelector(".case-verdict").replaceChildren(result ? verdictBadge(result) : "");
                message.textContent = result?.checker_message ?? "";
                message.hidden = !message.textContent;
        }

        function renumber() {
                [...list.children].forEach((row, i) => {
                        row.querySelector("legend").textContent = `Test ${i + 1}`;
                        row.querySelector(".case-remove").setAttribute("aria-label", `Remove test ${i + 1}`);
                });
        }

        return {
                add,
                get cases() {
                        return [...list.children].map((row) => ({
                                stdin: row.querySelector(".case-stdin").value,
                                expected: row.querySelector(".case-expected").value,
                        }));
                },
                set cases(cases) {
                        list.replaceChildren();
                        for (const c of cases)
                                add(c.stdin, c.expected);
                        onChange();
                },
                /* showVerdicts: each row's verdict from a reply's tests array (null: none). */
                showVerdicts(results) {
                        [...list.children].forEach((row, i) => showVerdict(row, results?.[i] ?? null));
                },
        };
}
