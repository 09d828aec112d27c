/* tests/www/browser/lib.mjs: Debian's chromium driven by playwright-core (no browser
 * download), with flags for a headless run as root (no sandbox, no GPU, no background
 * traffic) and a fresh --user-data-dir per run; a page that records console errors,
 * page errors, CSP violations and dialogs so that every scenario can insist on none
 * (withPage); axe-core's check; and the actions the scenarios of playground.mjs and
 * editor.mjs share. It never talks to anything but the loopback URLs it is given. */
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import assert from "node:assert/strict";

export const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/* launch: a persistent context on a new empty profile dir, removed by close(). */
export async function launch(options = {}) {
        const profile = mkdtempSync(join(process.env.TMPDIR || tmpdir(), "chromium-profile-"));
        const context = await chromium.launchPersistentContext(profile, {
                executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
                headless: true,
                args: FLAGS,
                viewport: { width: 1280, height: 860 },
                colorScheme: "light",
                reducedMotion: "reduce",
                /* A cold chromium on a busy machine; a browser that never starts still fails. */
                timeout: 60000,
                ...options,
        });
        return {
                context,
                async close() {
                        await context.close().catch(() => {});
                        rmSync(profile, { recursive: true, force: true });
                },
        };
}

/* open: a new page at URL that records what must not happen. ALLOW: console error
 * texts (regexps) that the scenario expects, e.g. a 502 it provokes. */
export async function open(context, url, { allow = [] } = {}) {
        const page = await context.newPage();
        const bad = [];
        page.dialogs = [];
        page.on("dialog", (d) => {
                page.dialogs.push(d.message());
                d.dismiss().catch(() => {});
        });
        const origin = new URL(url).origin;
        page.on("request", (r) => {
                if (!r.url().startsWith(`${origin}/`) && !/^(data|blob|about):/.test(r.url()))
                        bad.push(`request to another origin: ${r.url()}`);
        });
        page.on("pageerror", (e) => bad.push(`page error: ${e.message}`));
        page.on("console", (m) => {
                if (m.type() === "error" && !allow.some((re) => re.test(m.text())))
                        bad.push(`console error: ${m.text()}`);
        });
        await page.addInitScript(() => {
                window.__csp = [];
                document.addEventListener("securitypolicyviolation", (e) =>
                        window.__csp.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
        });
        page.problems = async () => [...bad, ...(await page.evaluate(() => window.__csp).catch(() => []))
                .map((v) => `CSP violation: ${v}`)];
        await page.goto(url);
        return page;
}

/* withPage: a fresh browser (profile), one page at OPTIONS.url (CODERUN_URL),
 * F(page, context), then the page must have logged no error and met no CSP violation.
 * OPTIONS.init: a script each page of the context runs before its own, reloads too. */
export async function withPage(f, { url = process.env.CODERUN_URL, allow = [], init = null, ...launchOptions } = {}) {
        const b = await launch(launchOptions);
        try {
                if (init)
                        await b.context.addInitScript(init);
                const page = await open(b.context, url, { allow });
                await f(page, b.context);
                await assertClean(page);
        } finally {
                await b.close();
        }
}

/* until: F() every 50 ms until it is true, for 30 s of the clock at most (not a count
 * of tries, which slow tries on a busy machine would stretch); only a failure waits. */
export async function until(f, what, ms = 30000) {
        const end = Date.now() + ms;
        while (!(await f().catch(() => false))) {
                if (Date.now() > end)
                        throw new Error(`${what}: not within ${ms} ms`);
                await new Promise((ok) => setTimeout(ok, 50));
        }
}

const require = createRequire(import.meta.url);

/* axe: axe-core, injected as the page's own test would, finds no violation. */
export async function axe(page, label) {
        await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
        const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
                v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary}`).join("\n"));
        assert.deepEqual(found, [], `axe-core violations (${label})`);
        console.log(`axe (${label}): ${result.passes?.length ?? "?"} rules passed, no violation`);
}

/* clean: no console error, page error, CSP violation or dialog happened on PAGE. */
export async function assertClean(page) {
        const problems = await page.problems();
        assert.deepEqual(problems, [], "the page reported problems");
        assert.deepEqual(page.dialogs, [], "a dialog opened");
}

/* ready: the language list has loaded and a language is the picker's. */
export async function ready(page) {
        await page.waitForFunction(() => document.querySelector("#language:not([disabled])[data-value]"));
}

/* currentLanguage: the picker's language (lang.d's name). */
export async function currentLanguage(page) {
        return page.getAttribute("#language", "data-value");
}

/* offeredLanguages: the picker's options, [{value, text}], as its list holds them. */
export async function offeredLanguages(page) {
        return page.locator('#language-list [role="option"][data-value]').evaluateAll((os) =>
                os.map((o) => ({ value: o.dataset.value, text: o.textContent })));
}

export async function getCode(page) {
        return page.locator("#editor .cm-line").evaluateAll((lines) =>
                lines.map((l) => l.textContent).join("\n"));
}

/* setCode: replace the editor's text as a paste would (no auto-indent, no bracket closing). */
export async function setCode(page, text) {
        await page.locator("#editor .cm-content").click();
        await page.keyboard.press("Control+A");
        await page.keyboard.press("Delete");
        await page.keyboard.insertText(text);
        assert.equal(await getCode(page), text.replace(/\n$/, "\n"), "the editor holds the code");
}

/* pickLanguage: NAME typed into the language picker, and its option chosen with a click;
 * the picker is closed on it. The one way the scenarios pick a language. */
export async function pickLanguage(page, name) {
        await page.fill("#language", name);
        await page.click(`#language-list [role="option"][data-value="${name}"]`);
        await page.waitForFunction((n) => {
                const input = document.querySelector("#language");
                return input.dataset.value === n && input.getAttribute("aria-expanded") === "false";
        }, name);
}

/* run: click BUTTON (Run by default) and wait until the reply or an alert is shown.
 * Run is live, and the program's stdin stays open after the stdin box's text (as on a
 * terminal): with EOF, once the run is live, Ctrl-D in the terminal ends it, for the
 * programs that read to the end (the starters do). Run tests is batch. */
export async function run(page, button = "#run", { eof = false } = {}) {
        await page.click(button);
        if (eof)
                await endInput(page);
        await finished(page);
}

/* endInput: once the run is live (Stop enabled) or over, Ctrl-D in the terminal. */
export async function endInput(page) {
        await page.waitForFunction(() => document.querySelector("#stop").getAttribute("aria-disabled") === "false"
                || !document.body.classList.contains("running"), null, { timeout: 90000 });
        if (await page.getAttribute("#stop", "aria-disabled") === "false") {
                await page.focus("#terminal .xterm-helper-textarea");
                await page.keyboard.press("Control+D");
        }
}

/* termText: the terminal's screen as text, one line per row, trailing blanks cut
 * (xterm's DOM renderer draws each row as a div of spans). */
export async function termText(page) {
        return page.locator("#terminal .xterm-rows > div").evaluateAll((rows) =>
                rows.map((r) => r.textContent.replace(/\u00a0/g, " ").trimEnd()).join("\n").trimEnd());
}

/* waitTerm: until the terminal's screen matches RE; its text. */
export async function waitTerm(page, re, timeout = 30000) {
        const end = Date.now() + timeout;
        for (;;) {
                const text = await termText(page);
                if (re.test(text))
                        return text;
                if (Date.now() > end)
                        throw new Error(`the terminal never showed ${re}; it shows:\n${text}`);
                await page.waitForTimeout(50);
        }
}

/* typeInTerminal: focus the terminal (its input is xterm's helper textarea), then type. */
export async function typeInTerminal(page, text) {
        await page.focus("#terminal .xterm-helper-textarea");
        await page.keyboard.type(text);
}

/* startLive: the page ready, LANGUAGE picked, CODE in the editor (the tty toggle on
 * with TTY), Run clicked, and the run live. */
export async function startLive(page, language, code, { tty = false } = {}) {
        await ready(page);
        await pickLanguage(page, language);
        await setCode(page, code);
        if (tty)
                await page.check("#tty");
        await page.click("#run");
        await live(page);
}

/* live: the run is live (the WebSocket's runtime event came: Stop is enabled). */
export async function live(page) {
        await page.waitForFunction(() => document.querySelector("#stop").getAttribute("aria-disabled") === "false",
                null, { timeout: 60000 });
}

/* finished: longer than the most one request may take by the executor's own limits
 * (coderun.conf: compile 30 s + run 15 s at most) and a busy machine's setup, so that a
 * slow language fails on its limit, in the reply, and only a hang fails here. */
export async function finished(page) {
        await page.waitForFunction(() => !document.body.classList.contains("running")
                && document.querySelector("#outcome .summary, #outcome .alert"), null, { timeout: 90000 });
}

/* summary, streamText: the result's badge, a stage's stream. An alert in the result's
 * place (busy, down, refused) fails at once, saying what it was. */
export async function summary(page) {
        await noAlert(page);
        return (await page.locator("#outcome .summary .badge").textContent()).trim();
}

async function noAlert(page) {
        const alert = page.locator("#outcome .alert");
        if (await alert.count())
                throw new Error(`an alert instead of a result: ${(await alert.textContent()).trim()}`);
}

export async function streamText(page, stage, stream) {
        await noAlert(page);
        const block = page.locator(`#outcome .stage[data-stage="${stage}"] [data-stream="${stream}"]`);
        const pre = block.locator("pre");
        return (await pre.count()) ? pre.textContent() : "";
}

/* shareFragment: a share link's fragment (no "#") for STATE in share.js's short keys
 * ({l, c, i, a, t}), made outside the page with the same format. */
export function shareFragment(state) {
        return "1." + deflateRawSync(JSON.stringify(state)).toString("base64url");
}

export async function shot(page, name) {
        const dir = process.env.CODERUN_SHOTS;
        if (!dir)
                return;
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
