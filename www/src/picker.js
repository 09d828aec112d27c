/* www/src/picker.js: the language picker, an ARIA 1.2 combobox one can type into: an
 * input whose text filters a listbox of the offered languages by name, alias and
 * version. DOM focus stays on the input; the option the arrow keys are on is named by
 * aria-activedescendant. The current language changes only when an option is picked
 * (Enter, a click, a tap): Escape, Tab, leaving the field and text that matches
 * nothing bring the current language's text back, so the page is never left without a
 * language. The listbox has tabindex -1 (index.html): open, it is a scroller, which
 * Chromium would make a Tab stop of. It never decides what a pick means: onPick does. */
import { h } from "./dom.js";

/* createPicker: INPUT (role combobox), LIST (its listbox), COUNT (a polite live region
 * saying how many match); onPick(value) when another language is picked. */
export function createPicker(input, list, count, { onPick }) {
        let entries = [];       /* {value, label, words, el}, in the server's order */
        let current = null;     /* the current language's entry */
        let shown = [];         /* the entries the list shows, best match first */
        let active = -1;        /* the option of shown the keys are on */
        const none = h("li", { id: `${list.id}-none`, role: "option", "aria-disabled": "true",
                               "aria-selected": "false", class: "none" });

        function isOpen() {
                return !list.hidden;
        }

        /* show: the entries matching QUERY (all for ""), and the count said. */
        function show(query) {
                const tokens = query.toLowerCase().split(/\s+/).filter(Boolean);
                shown = tokens.length ? ranked(entries, tokens) : entries;
                none.textContent = `No language matches “${query.trim()}”`;
                list.replaceChildren(...(shown.length ? shown.map((e) => e.el) : [none]));
                setActive(-1);
                count.textContent = shown.length === 0 ? "No language matches"
                        : `${shown.length} language${shown.length === 1 ? "" : "s"}`;
        }

        function setActive(i) {
                shown[active]?.el.setAttribute("aria-selected", "false");
                active = i;
                const el = shown[i]?.el;
                if (!el) {
                        input.removeAttribute("aria-activedescendant");
                        return;
                }
                el.setAttribute("aria-selected", "true");
                input.setAttribute("aria-activedescendant", el.id);
                el.scrollIntoView({ block: "nearest" });
        }

        /* open: the whole list, on the current language (the list is about to be browsed,
         * not filtered: the input still holds the current language's text). */
        function open() {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
                show("");
                setActive(Math.max(0, shown.indexOf(current)));
        }

        function close() {
                list.hidden = true;
                input.setAttribute("aria-expanded", "false");
                setActive(-1);
                input.value = current?.label ?? input.value;
                /* Selected, the text is typed over: the next search needs no deleting first. */
                if (document.activeElement === input)
                        input.select();
                /* Closed, the list holds every option again (in the server's order). */
                if (shown !== entries)
                        show("");
                count.textContent = "";
        }

        function pick(entry) {
                const changed = entry !== current;
                current = entry;
                input.dataset.value = entry.value;
                close();
                if (changed)
                        onPick(entry.value);
        }

        function move(step) {
                const n = shown.length;
                if (n)
                        setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
        }

        input.addEventListener("input", () => {
                if (!isOpen()) {
                        list.hidden = false;
                        input.setAttribute("aria-expanded", "true");
                }
                show(input.value);
                /* The best match is on at once: typing "py" then Enter picks Python. With
                 * the text all deleted, the current language is (Enter keeps it). */
                setActive(input.value.trim() ? (shown.length ? 0 : -1) : shown.indexOf(current));
        });
        input.addEventListener("keydown", (e) => {
                /* Ctrl/Cmd+Enter is the page's Run; text being composed (IME) is not ours. */
                if (e.isComposing || e.ctrlKey || e.metaKey || !current)
                        return;
                switch (e.key) {
                case "ArrowDown":
                case "ArrowUp":
                        e.preventDefault();
                        if (!isOpen())
                                open();
                        else if (!e.altKey)
                                move(e.key === "ArrowDown" ? 1 : -1);
                        break;
                case "Home":
                case "End":
                        /* Open, they move in the list; closed (or with Shift), in the text. */
                        if (!isOpen() || e.shiftKey || !shown.length)
                                return;
                        e.preventDefault();
                        setActive(e.key === "Home" ? 0 : shown.length - 1);
                        break;
                case "Enter":
                        if (!isOpen())
                                return;
                        e.preventDefault();
                        if (active >= 0)
                                pick(shown[active]);
                        break;
                case "Escape":
                        if (!isOpen() && input.value === current.label)
                                return;
                        e.preventDefault();
                        close();
                        break;
                }
        });
        input.addEventListener("click", () => {
                if (!isOpen() && current) {
                        open();
                        input.select();
                }
        });
        /* Tab, a click elsewhere: the current language stays. */
        input.addEventListener("blur", () => {
                if (isOpen() || input.value !== current?.label)
                        close();
        });
        /* A press on the list must not take the focus from the input (its blur would
         * close the list before the click lands); touch's emulated mousedown too. */
        list.addEventListener("mousedown", (e) => e.preventDefault());
        list.addEventListener("click", (e) => {
                const el = e.target.closest('[role="option"]');
                const entry = entries.find((x) => x.el === el);
                if (entry)
                        pick(entry);
        });

        return {
                get value() {
                        return current?.value ?? "";
                },
                /* value = NAME: the current language, as if picked, but onPick is not called. */
                set value(name) {
                        const entry = entries.find((e) => e.value === name);
                        if (!entry)
                                return;
                        current = entry;
                        input.dataset.value = name;
                        close();
                },
                /* offer: the languages, [{value, name, version, aliases}], none current yet. */
                offer(languages) {
                        entries = languages.map((l, i) => ({
                                value: l.value,
                                label: `${l.name} ${l.version}`,
                                words: [l.value, l.name.toLowerCase(), l.version, ...l.aliases.map((a) => a.toLowerCase())],
                                el: h("li", { id: `${list.id}-${i}`, role: "option", "aria-selected": "false",
                                              "data-value": l.value },
                                        `${l.name} ${l.version}`,
                                        l.aliases.length ? h("span", { class: "aliases" }, ` (${l.aliases.join(", ")})`) : null),
                        }));
                        current = null;
                        delete input.dataset.value;
                        show("");
                        input.disabled = entries.length === 0;
                },
                /* say: TEXT in the field instead of a language (loading, unavailable), disabled. */
                say(text) {
                        close();
                        entries = [];
                        current = null;
                        delete input.dataset.value;
                        show("");
                        count.textContent = "";
                        input.value = text;
                        input.disabled = true;
                },
        };
}

/* ranked: the entries every token matches, best first: a token equal to a word (the
 * name, an alias, the version) beats one a word starts with, which beats one inside a
 * word; ties keep the server's order. */
function ranked(entries, tokens) {
        const scored = [];
        entries.forEach((e, i) => {
                let worst = 0;
                for (const t of tokens) {
                        let best = 3;
                        for (const w of e.words)
                                best = Math.min(best, w === t ? 0 : w.startsWith(t) ? 1 : w.includes(t) ? 2 : 3);
                        worst = Math.max(worst, best);
                }
                if (worst < 3)
                        scored.push([worst, i, e]);
        });
        return scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}
