/* www/src/drafts.js: the code edited in each language, kept in the browser's
 * localStorage so that a reload brings it back, and the last language picked. A save
 * waits for a pause in typing (one write per pause, not per key) and is made at once
 * when the page is hidden or left. Storage may be missing or throw on any call
 * (private mode, SecurityError, a full quota, disabled by policy): every access is
 * caught, drafts then last as long as the page does (they are kept in memory too), and
 * onTrouble is called once so that the page can say so. It never decides what the
 * editor shows, and touches nothing of the page but its pagehide and visibility. */

const PREFIX = "coderun.draft.";
const LAST = "coderun.language";
/* Outside PREFIX: any lang.d name, "-probe" too, may follow it. */
const PROBE = "coderun.probe";
/* Long enough to skip the keys of a word typed, short enough that a tab that crashes
 * loses under half a second of typing. */
const DELAY_MS = 400;

/* openDrafts: the drafts of this browser; onTrouble() the first time storage fails. */
export function openDrafts({ onTrouble }) {
        /* This page's word on a language, over storage's: its code, or null once forgotten. */
        const memory = new Map();
        const store = storage();
        let pending = null;     /* {language, read, timer}: a save waiting for a pause */
        let troubled = false;

        function trouble() {
                if (troubled)
                        return;
                troubled = true;
                onTrouble();
        }

        function attempt(f, fallback) {
                if (!store)
                        return fallback;
                try {
                        return f(store);
                } catch {
                        trouble();
                        return fallback;
                }
        }

        function put(language, code) {
                memory.set(language, code);
                attempt((s) => (code === null ? s.removeItem(PREFIX + language) : s.setItem(PREFIX + language, code)));
        }

        function flush() {
                if (!pending)
                        return;
                const { language, read, timer } = pending;
                pending = null;
                clearTimeout(timer);
                put(language, read());
        }

        if (!store)
                queueMicrotask(trouble);
        window.addEventListener("pagehide", flush);
        document.addEventListener("visibilitychange", () => {
                if (document.visibilityState === "hidden")
                        flush();
        });

        return {
                /* get: LANGUAGE's draft, or null when it has none. */
                get(language) {
                        if (memory.has(language))
                                return memory.get(language);
                        return attempt((s) => s.getItem(PREFIX + language), null);
                },
                /* save: after a pause, LANGUAGE's draft becomes read() (null: it has none).
                 * A pending save of another language is made first. */
                save(language, read) {
                        if (pending && pending.language !== language)
                                flush();
                        clearTimeout(pending?.timer);
                        pending = { language, read, timer: setTimeout(flush, DELAY_MS) };
                },
                /* flush: the pending save now; before the editor's code is replaced, since
                 * read() reads the editor. */
                flush,
                /* forget: LANGUAGE has no draft any more (a pending save of it is dropped). */
                forget(language) {
                        if (pending?.language === language) {
                                clearTimeout(pending.timer);
                                pending = null;
                        }
                        put(language, null);
                },
                /* last: the language picked last, or null. */
                get last() {
                        return attempt((s) => s.getItem(LAST), null);
                },
                remember(language) {
                        attempt((s) => s.setItem(LAST, language));
                },
        };
}

/* storage: localStorage if it can be written, else null. Reading the property alone
 * throws SecurityError where the browser forbids storage. */
function storage() {
        try {
                const s = window.localStorage;
                if (!s)
                        return null;
                s.setItem(PROBE, "1");
                s.removeItem(PROBE);
                return s;
        } catch {
                return null;
        }
}
