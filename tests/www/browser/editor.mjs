/* tests/www/browser/editor.mjs SCENARIO: the playground's language picker (a combobox
 * one types into) and its drafts (the code kept per language in localStorage), in
 * Debian's chromium through nginx to the real executor, as playground.mjs does the
 * rest (tests/www/editor.bats passes CODERUN_URL). Each scenario throws on the first
 * thing that is wrong; the exit code says. What the list should show is worked out
 * here from the server's runtime list, never written in. */
import assert from "node:assert/strict";
import { launch, open, assertClean, ready, getCode, setCode, pickLanguage, run, summary, streamText, endInput, finished,
         currentLanguage, offeredLanguages, withPage, until, axe, shareFragment, shot } from "./lib.mjs";
import { starters, displayName } from "../../../www/src/starters.js";

const URL_ = process.env.CODERUN_URL;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const scenarios = {
        /* Typing narrows the list to exactly the languages whose name, alias or version
         * holds every word typed, whatever the case; the best match is first and is the
         * active option; nothing is picked by typing alone. */
        async filter() {
                const runtimes = await runtimeList();
                const python = runtimes.find((r) => r.language === "python");
                assert.ok(python, "python is offered");
                /* An alias that is no part of its language's name, so that only the alias matches. */
                const aliased = ["javascript", "python"].map((n) => runtimes.find((r) => r.language === n)).find(Boolean);
                const alias = aliased.aliases.find((a) => !aliased.language.includes(a)
                        && !displayName(aliased.language).toLowerCase().includes(a));
                assert.ok(alias, `${aliased.language} has an alias that is not in its name`);
                const queries = [
                        ["a name's start, in other case", displayName("python").slice(0, 4).toUpperCase(), "python"],
                        ["an alias", alias, aliased.language],
                        ["a version", python.version.split(".").slice(0, 2).join("."), null],
                        ["a name and a version", `python ${python.version.split(".")[0]}`, "python"],
                ];
                await withPage(async (page) => {
                        await ready(page);
                        const before = await currentLanguage(page);
                        for (const [what, query, first] of queries) {
                                await page.fill("#language", query);
                                const state = await picker(page);
                                const want = runtimes.filter((r) => matches(r, query)).map((r) => r.language);
                                assert.ok(state.expanded, `${what}: the list is open`);
                                assert.deepEqual([...state.shown].sort(), [...want].sort(), `${what} (${query}): the languages it matches`);
                                assert.ok(state.shown.length < runtimes.length, `${what} (${query}) narrows the list`);
                                if (first)
                                        assert.equal(state.shown[0], first, `${what} (${query}): ${first} first`);
                                else
                                        assert.ok(state.shown.includes("python"), `${what} (${query}): python's version matches`);
                                assert.equal(state.active, state.shown[0], `${what}: the best match is the active option`);
                                assert.equal(await currentLanguage(page), before, "typing alone picks nothing");
                                assert.match(await page.textContent("#language-count"),
                                        new RegExp(`^${state.shown.length} languages?$`), "the count is said");
                        }
                        await shot(page, "picker-filter");
                        await page.keyboard.press("Escape");
                        assert.equal((await picker(page)).shown.length, runtimes.length, "closed, the list holds every language again");
                });
        },

        /* The keyboard alone: Tab reaches the combobox, ArrowDown opens it on the current
         * language, the arrows move (and wrap), Home and End go to the ends, Enter picks;
         * Escape closes and brings the current language's text back; Tab leaves and keeps
         * the language. The roles and states are what a screen reader gets. */
        async keyboard() {
                const runtimes = await runtimeList();
                await withPage(async (page) => {
                        await ready(page);
                        const all = (await offeredLanguages(page)).map((o) => o.value);
                        const start = await currentLanguage(page);
                        const at = all.indexOf(start);
                        await page.keyboard.press("Tab");
                        assert.equal(await page.evaluate(() => document.activeElement.id), "language", "Tab reaches the picker");
                        const combo = page.getByRole("combobox", { name: "Language" });
                        assert.equal(await combo.getAttribute("aria-autocomplete"), "list");
                        assert.equal(await combo.getAttribute("aria-expanded"), "false");

                        await page.keyboard.press("ArrowDown");
                        let state = await picker(page);
                        assert.ok(state.expanded, "ArrowDown opens the list");
                        assert.equal(state.active, start, "on the current language");
                        assert.equal(await page.getByRole("listbox", { name: "Language" }).count(), 1, "the listbox is named");
                        /* In the picker's list: the checker's <select> has options of its own. */
                        assert.equal(await page.getByRole("listbox", { name: "Language" })
                                .getByRole("option", { selected: true }).count(), 1, "one option is selected");
                        await page.keyboard.press("ArrowDown");
                        assert.equal((await picker(page)).active, all[(at + 1) % all.length], "ArrowDown moves on");
                        await page.keyboard.press("ArrowUp");
                        assert.equal((await picker(page)).active, start, "ArrowUp moves back");
                        await page.keyboard.press("End");
                        assert.equal((await picker(page)).active, all.at(-1), "End goes to the last");
                        await page.keyboard.press("Home");
                        assert.equal((await picker(page)).active, all[0], "Home goes to the first");
                        await page.keyboard.press("ArrowUp");
                        assert.equal((await picker(page)).active, all.at(-1), "ArrowUp on the first wraps to the last");
                        const chosen = all[1] === start ? all[2] : all[1];
                        for (let i = 0; i <= all.indexOf(chosen); i++)
                                await page.keyboard.press("ArrowDown");
                        assert.equal((await picker(page)).active, chosen, "ArrowDown on the last wraps to the first");
                        await page.keyboard.press("Enter");
                        state = await picker(page);
                        assert.ok(!state.expanded, "Enter closes the list");
                        assert.equal(await currentLanguage(page), chosen, "Enter picks");
                        assert.equal(state.text, label(runtimes, chosen), "the field shows the language picked");
                        assert.equal(await getCode(page), starters[chosen], "its starter is loaded");
                        assert.equal(state.focused, true, "the focus stays in the picker");

                        await page.keyboard.type("pyth");
                        state = await picker(page);
                        assert.ok(state.expanded && state.active === "python", "typing opens the list on the best match");
                        await page.keyboard.press("Escape");
                        state = await picker(page);
                        assert.ok(!state.expanded, "Escape closes the list");
                        assert.equal(state.text, label(runtimes, chosen), "Escape brings the current language's text back");
                        assert.equal(await currentLanguage(page), chosen, "Escape picks nothing");

                        await page.keyboard.type("pyth");
                        await page.keyboard.press("Enter");
                        assert.equal(await currentLanguage(page), "python", "typing then Enter picks the best match");
                        assert.equal(await getCode(page), starters.python);

                        await page.keyboard.type("c");
                        await page.keyboard.press("ArrowDown");
                        await page.keyboard.press("Tab");
                        state = await picker(page);
                        assert.equal(await page.evaluate(() => document.activeElement.id), "run", "Tab leaves the picker for Run");
                        assert.ok(!state.expanded, "Tab closes the list");
                        assert.equal(await currentLanguage(page), "python", "Tab keeps the current language");
                        assert.equal(state.text, label(runtimes, "python"));
                        await page.keyboard.press("Shift+Tab");
                        await page.keyboard.press("ArrowUp");
                        assert.equal((await picker(page)).active, "python", "ArrowUp opens the list on the current language");
                        await page.keyboard.press("Escape");
                        assert.ok(!(await picker(page)).expanded);
                        /* Ctrl+Enter is still the page's Run in the picker. */
                        await page.keyboard.press("Control+Enter");
                        await endInput(page);
                        await finished(page);
                        assert.equal(await streamText(page, "run", "stdout"), "Hello, world!\n");
                });
        },

        /* Text that matches nothing: one disabled entry says so, no option is active,
         * Enter picks nothing; Escape or leaving the field brings the language's text
         * back, and the page still runs in its language. */
        async nomatch() {
                await withPage(async (page) => {
                        await ready(page);
                        const language = await currentLanguage(page);
                        const text = await page.inputValue("#language");
                        const query = "zzqx no such language";
                        await page.fill("#language", query);
                        const entries = page.locator('#language-list [role="option"]');
                        assert.equal(await entries.count(), 1, "one entry");
                        assert.equal(await entries.getAttribute("aria-disabled"), "true", "it cannot be picked");
                        assert.equal(await entries.textContent(), `No language matches “${query}”`);
                        assert.ok(await entries.isVisible(), "it shows");
                        let state = await picker(page);
                        assert.ok(state.expanded);
                        assert.equal(state.active, null, "no option is active");
                        assert.equal(await page.textContent("#language-count"), "No language matches");
                        await shot(page, "picker-nomatch");
                        await page.keyboard.press("Enter");
                        await entries.click({ force: true });
                        state = await picker(page);
                        assert.equal(await currentLanguage(page), language, "Enter and a click on it pick nothing");
                        assert.equal(state.text, query, "the text stays to be corrected");
                        await page.keyboard.press("Escape");
                        state = await picker(page);
                        assert.ok(!state.expanded);
                        assert.equal(state.text, text, "Escape brings the language's text back");
                        await page.fill("#language", "zzqx");
                        await page.click("#stdin");
                        state = await picker(page);
                        assert.ok(!state.expanded, "leaving the field closes the list");
                        assert.equal(state.text, text, "leaving the field brings the language's text back");
                        assert.equal(await currentLanguage(page), language);
                        assert.equal(await page.getAttribute("#run", "aria-disabled"), "false", "Run still has a language");
                        await run(page, "#run", { eof: true });
                        assert.equal(await summary(page), "OK");
                        assert.equal(await streamText(page, "run", "stdout"), "Hello, world!\n");
                });
        },

        /* A click opens the whole list (its text selected, to be typed over) and a click on
         * an option picks it; on a phone a tap does both, and the open list fits the screen. */
        async pointer() {
                const runtimes = await runtimeList();
                await withPage(async (page) => {
                        await ready(page);
                        await page.click("#language");
                        const state = await picker(page);
                        assert.ok(state.expanded, "a click opens the list");
                        assert.equal(state.shown.length, runtimes.length, "the whole list");
                        assert.equal(await page.evaluate(() => {
                                const i = document.querySelector("#language");
                                return i.selectionStart === 0 && i.selectionEnd === i.value.length;
                        }), true, "the text is selected");
                        const last = state.shown.at(-1);
                        await page.click(`#language-list [data-value="${last}"]`);
                        assert.equal(await currentLanguage(page), last, "a click on an option picks it");
                        assert.ok(!(await picker(page)).expanded);
                        assert.equal(await getCode(page), starters[last]);
                });
                await withPage(async (page) => {
                        await ready(page);
                        await page.tap("#language");
                        assert.ok((await picker(page)).expanded, "a tap opens the list");
                        const box = await page.locator("#language-list").boundingBox();
                        const width = await page.evaluate(() => window.innerWidth);
                        assert.ok(box.x >= 0 && box.x + box.width <= width, `the open list fits the screen (${box.x}+${box.width} of ${width})`);
                        assert.ok(box.width >= width / 2, `the open list is wide enough to read (${box.width} of ${width} px)`);
                        const clipped = await page.locator('#language-list [role="option"]').evaluateAll((os) =>
                                os.filter((o) => o.scrollWidth > o.clientWidth).map((o) => o.dataset.value));
                        assert.deepEqual(clipped, [], "no option's text is cut off");
                        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
                        assert.ok(overflow <= 0, `nothing is wider than the screen (${overflow} px over)`);
                        await shot(page, "picker-phone");
                        await page.tap('#language-list [data-value="python"]');
                        assert.equal(await currentLanguage(page), "python", "a tap on an option picks it");
                        assert.ok(!(await picker(page)).expanded);
                        assert.equal(await getCode(page), starters.python);
                        await axe(page, "phone, picker closed");
                }, PHONE);
        },

        /* Drafts per language: Python edited, then C; a reload right after the last edit
         * (the save is made as the page goes) brings C back, the language picked last,
         * with its draft, and Python's. A pause in typing saves too: a tab opened then
         * shows it. */
        async drafts() {
                await withPage(async (page, context) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        const py = "print('my python draft')\n";
                        await setCode(page, py);
                        await pickLanguage(page, "c");
                        const c = "int main(void)\n{\n    return 7;\n}\n";
                        await setCode(page, c);
                        await page.reload();
                        await ready(page);
                        assert.equal(await currentLanguage(page), "c", "the language picked last is back");
                        assert.equal(await getCode(page), c, "C's draft is back");
                        await pickLanguage(page, "python");
                        assert.equal(await getCode(page), py, "Python's draft is back");

                        const py2 = "print('typed, then a pause')\n";
                        await setCode(page, py2);
                        await until(() => page.evaluate((code) => Object.values(localStorage).includes(code), py2),
                                "the draft is stored after a pause", 5000);
                        const other = await open(context, URL_);
                        await ready(other);
                        assert.equal(await currentLanguage(other), "python");
                        assert.equal(await getCode(other), py2, "a tab opened after the pause shows the draft");
                        await pickLanguage(other, "c");
                        assert.equal(await getCode(other), c, "and C's");
                        await assertClean(other);
                });
        },

        /* Reset to starter: the starter comes back and the language's draft is forgotten
         * (a reload shows the starter), another language's draft stays; an edit not yet
         * saved is dropped by Reset too. */
        async reset() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, "print('python draft')\n");
                        await pickLanguage(page, "c");
                        const c = "int main(void)\n{\n    return 3;\n}\n";
                        await setCode(page, c);
                        await pickLanguage(page, "python");
                        const reset = page.getByRole("button", { name: "Reset to starter" });
                        await reset.click();
                        assert.equal(await getCode(page), starters.python, "Reset brings the starter");
                        assert.match(await page.textContent("#status"), /starter is back/);
                        await page.reload();
                        await ready(page);
                        assert.equal(await currentLanguage(page), "python");
                        assert.equal(await getCode(page), starters.python, "the draft is forgotten");
                        await pickLanguage(page, "c");
                        assert.equal(await getCode(page), c, "C's draft stays");

                        await setCode(page, "int main(void) { return 4; }\n");
                        await reset.click();
                        assert.equal(await getCode(page), starters.c);
                        await page.reload();
                        await ready(page);
                        assert.equal(await getCode(page), starters.c, "an edit Reset came right after is not kept");
                });
        },

        /* A share link's code wins over the language's draft, and the draft stays stored
         * until the shared code is edited; the link's language does not become the one
         * picked last. */
        async share() {
                const b = await launch();
                try {
                        const page = await open(b.context, URL_);
                        await ready(page);
                        await pickLanguage(page, "python");
                        const draft = "print('the draft')\n";
                        await setCode(page, draft);
                        await pickLanguage(page, "c");
                        const c = "int main(void)\n{\n    return 5;\n}\n";
                        await setCode(page, c);
                        await assertClean(page);
                        await page.close();

                        const shared = "print('shared')\n";
                        const link = `${URL_}#${shareFragment({ l: "python", c: shared, i: "", a: [], t: [] })}`;
                        const linked = await open(b.context, link);
                        await ready(linked);
                        assert.equal(await currentLanguage(linked), "python", "the link's language");
                        assert.equal(await getCode(linked), shared, "the link's code, not the draft");
                        /* Time for a save that should not happen. */
                        await linked.waitForTimeout(1000);

                        const plain = await open(b.context, URL_);
                        await ready(plain);
                        assert.equal(await currentLanguage(plain), "c", "the language picked last is still C's");
                        assert.equal(await getCode(plain), c);
                        await pickLanguage(plain, "python");
                        assert.equal(await getCode(plain), draft, "the draft was not overwritten by the link");
                        await plain.close();

                        await linked.locator("#editor .cm-content").click();
                        await linked.keyboard.press("Control+End");
                        await linked.keyboard.insertText("print('edited')\n");
                        const edited = `${shared}print('edited')\n`;
                        assert.equal(await getCode(linked), edited);
                        await linked.reload();
                        await ready(linked);
                        assert.equal(await getCode(linked), shared, "reopened, the link shows its own code again");
                        const after = await open(b.context, URL_);
                        await ready(after);
                        await pickLanguage(after, "python");
                        assert.equal(await getCode(after), edited, "an edit of the shared code is the draft now");
                        await assertClean(linked);
                        await assertClean(after);
                } finally {
                        await b.close();
                }
        },

        /* Storage that throws, is missing, or is full: the page loads, picks, edits,
         * switches (drafts last as long as the page), resets and runs with no page error,
         * says it cannot keep edits, and after a reload starts on a starter. Each variant
         * is checked to have taken effect, so that none passes for want of trying. */
        async storage() {
                const variants = [
                        ["getItem and setItem throw", () => {
                                for (const m of ["getItem", "setItem", "removeItem", "key", "clear"])
                                        Storage.prototype[m] = () => {
                                                throw new DOMException("The operation is insecure.", "SecurityError");
                                        };
                        }, "SecurityError"],
                        ["no localStorage", () => {
                                delete window.localStorage;
                        }, "missing"],
                        ["reading localStorage throws", () => {
                                Object.defineProperty(window, "localStorage", { configurable: true, get() {
                                        throw new DOMException("Access is denied for this document.", "SecurityError");
                                } });
                        }, "SecurityError"],
                        ["a full quota", () => {
                                const set = Storage.prototype.setItem;
                                Storage.prototype.setItem = function (key, value) {
                                        if (String(value).length > 64)
                                                throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
                                        return set.call(this, key, value);
                                };
                        }, "QuotaExceededError"],
                ];
                for (const [name, init, effect] of variants) {
                        await withPage(async (page) => {
                                assert.equal(await page.evaluate(() => {
                                        try {
                                                if (!window.localStorage)
                                                        return "missing";
                                                localStorage.setItem("coderun.test", "x".repeat(100));
                                                localStorage.removeItem("coderun.test");
                                                return "works";
                                        } catch (e) {
                                                return e.name;
                                        }
                                }), effect, `${name}: the variant took effect`);
                                await ready(page);
                                const note = () => page.textContent("#drafts-note");
                                if (effect !== "QuotaExceededError")
                                        assert.match(await note(), /does not let the page keep edits/, `${name}: the page says so`);
                                await pickLanguage(page, "python");
                                const py = `print(${JSON.stringify(`a draft longer than the quota takes: ${"x".repeat(64)}`)})\n`;
                                await setCode(page, py);
                                await pickLanguage(page, "c");
                                await setCode(page, "int main(void) { return 0; }\n");
                                await pickLanguage(page, "python");
                                assert.equal(await getCode(page), py, `${name}: a draft lasts as long as the page`);
                                assert.match(await note(), /does not let the page keep edits/, `${name}: the page says so`);
                                await run(page);
                                assert.equal(await summary(page), "OK", `${name}: the program runs`);
                                await page.getByRole("button", { name: "Reset to starter" }).click();
                                assert.equal(await getCode(page), starters.python, `${name}: Reset works`);
                                await setCode(page, py);
                                await page.reload();
                                await ready(page);
                                const language = await currentLanguage(page);
                                assert.equal(await getCode(page), starters[language], `${name}: after a reload, a starter`);
                        }, { init });
                        console.log(`storage (${name}): OK`);
                }
        },

        /* axe-core on the open combobox: filtered (an option active), the whole list, and
         * no match; light and dark. */
        async a11y() {
                await withPage(async (page) => {
                        await ready(page);
                        for (const scheme of ["light", "dark"]) {
                                await page.emulateMedia({ colorScheme: scheme });
                                await page.fill("#language", "c");
                                assert.ok((await picker(page)).active, "an option is active");
                                await shot(page, `picker-${scheme}`);
                                await axe(page, `picker filtered, ${scheme}`);
                                await page.keyboard.press("Escape");
                                await page.keyboard.press("ArrowDown");
                                await page.keyboard.press("ArrowDown");
                                assert.ok((await picker(page)).expanded);
                                await axe(page, `picker: the whole list, ${scheme}`);
                                await page.fill("#language", "zzqx");
                                await axe(page, `picker: no match, ${scheme}`);
                                await page.keyboard.press("Escape");
                        }
                });
        },
};

async function runtimeList() {
        return (await fetch(new URL("api/v2/runtimes", URL_))).json();
}

/* matches: every word of QUERY is in R's name (lang.d's or the shown one), one of its
 * aliases or its version, whatever the case. */
function matches(r, query) {
        const words = [r.language, displayName(r.language), r.version, ...(r.aliases ?? [])].map((w) => w.toLowerCase());
        return query.toLowerCase().split(/\s+/).filter(Boolean).every((t) => words.some((w) => w.includes(t)));
}

function label(runtimes, language) {
        return `${displayName(language)} ${runtimes.find((r) => r.language === language).version}`;
}

/* picker: the combobox as a screen reader would be told it: open or not, the options
 * shown (in order), the active one (aria-activedescendant), its text, and the focus. */
async function picker(page) {
        return page.evaluate(() => {
                const input = document.querySelector("#language");
                const list = document.getElementById(input.getAttribute("aria-controls"));
                const active = input.getAttribute("aria-activedescendant");
                return {
                        expanded: input.getAttribute("aria-expanded") === "true" && !list.hidden,
                        shown: [...list.querySelectorAll('[role="option"][data-value]')].map((o) => o.dataset.value),
                        active: active ? document.getElementById(active)?.dataset.value ?? "?" : null,
                        text: input.value,
                        focused: document.activeElement === input,
                };
        });
}

const name = process.argv[2];
if (!scenarios[name]) {
        console.error(`usage: editor.mjs ${Object.keys(scenarios).join("|")}`);
        process.exit(2);
}
const t0 = Date.now();
await scenarios[name]();
console.log(`${name}: passed in ${Date.now() - t0} ms`);
