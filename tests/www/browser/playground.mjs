/* tests/www/browser/playground.mjs SCENARIO: one end-to-end check of the playground in
 * Debian's chromium, through nginx to the real executor (tests/www/browser.bats starts
 * both and passes their URLs in the environment). Each scenario throws on the first
 * thing that is wrong; the exit code says. Screenshots go to $CODERUN_SHOTS.
 *   CODERUN_URL       the playground, nginx in front of a working executor
 *   CODERUN_DOWN_URL  nginx in front of a port nobody listens on
 *   CODERUN_LONE_URL, CODERUN_LONE_PID   nginx and an executor front this test may kill
 *   CODERUN_BUSY_URL, CODERUN_BUSY_API   nginx, and the executor behind it, which has
 *                     one job slot: the scenario takes it
 *   CODERUN_NOWS_URL  nginx whose /api/v2/connect answers 502, the rest as CODERUN_URL */
import assert from "node:assert/strict";
import { launch, open, assertClean, ready, getCode, setCode, pickLanguage, run, finished,
         summary, streamText, shot, endInput, termText, waitTerm, typeInTerminal, live, startLive,
         currentLanguage, offeredLanguages, withPage, until, axe, shareFragment } from "./lib.mjs";
import { starters, displayName } from "../../../www/src/starters.js";

const URL_ = process.env.CODERUN_URL;

const scenarios = {
        /* The page loads from nginx alone (nothing from another origin), with the
         * strict CSP, no console error and no CSP violation; the picker lists exactly
         * the server's runtimes with their versions. */
        async load() {
                const res = await fetch(URL_);
                const csp = res.headers.get("content-security-policy");
                assert.match(csp, /default-src 'self'/);
                assert.match(csp, /style-src 'self'(;|$)/);
                assert.match(csp, /frame-ancestors 'none'/);
                assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|nonce-/);
                assert.equal(res.headers.get("x-content-type-options"), "nosniff");
                assert.equal(res.headers.get("referrer-policy"), "no-referrer");
                const runtimes = await (await fetch(new URL("api/v2/runtimes", URL_))).json();
                await withPage(async (page) => {
                        await ready(page);
                        const options = await offeredLanguages(page);
                        assert.equal(options.length, runtimes.length);
                        for (const r of runtimes)
                                assert.ok(options.some(({ value, text }) => value === r.language && text.includes(` ${r.version}`)),
                                        `${r.language} ${r.version} is offered`);
                        const lang = await currentLanguage(page);
                        assert.ok(await page.inputValue("#language"), "the picker shows its language");
                        /* The description says what the page is, not a list of languages that
                         * stops being true as lang.d grows. */
                        const description = await page.getAttribute('meta[name="description"]', "content");
                        assert.match(description, /playground/);
                        for (const r of runtimes) {
                                const name = displayName(r.language).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
                                assert.doesNotMatch(description, new RegExp(`(^|[^\\w])${name}([^\\w+#]|$)`),
                                        `the description names no language (${r.language})`);
                        }
                        assert.equal(await getCode(page), starters[lang], "the default language's starter is loaded");
                        assert.match(await page.textContent("#status"), /Ready/);
                        /* CodeMirror's styles applied (a blocked stylesheet would leave
                         * a bare contenteditable): its flex layout, a coloured keyword. */
                        assert.equal(await page.locator("#editor .cm-editor").evaluate((e) => getComputedStyle(e).display), "flex");
                        /* The mode is a chunk of its own, fetched after the page: wait for it. */
                        const colours = await editorColours(page, 3);
                        assert.ok(colours.length >= 3, `the code is highlighted (${colours.join(", ")})`);
                        await shot(page, "load");
                });
        },

        /* Colouring is loaded per language: a language's chunk is fetched only once it is
         * picked, and then its code is coloured; both kinds of mode (a Lezer package, a
         * legacy stream mode) come so. */
        async colouring() {
                await withPage(async (page) => {
                        const chunks = [];
                        page.on("request", (r) => {
                                const m = new URL(r.url()).pathname.match(/^\/dist\/([a-z-]+-[A-Z0-9]+)\.js$/);
                                if (m)
                                        chunks.push(m[1]);
                        });
                        await ready(page);
                        /* A stream mode's chunk is named after it; a Lezer package's is "dist-…". */
                        for (const [language, named, code] of [
                                ["ruby", "ruby", "def hello(name)\n  puts \"hi #{name}\" # greet\nend\n"],
                                ["rust", null, "fn main() {\n    let x: u32 = 1; // one\n    println!(\"{}\", x);\n}\n"]]) {
                                const before = new Set(chunks);
                                assert.ok(!named || ![...before].some((c) => c.startsWith(`${named}-`)),
                                        `${named}'s chunk is not fetched before ${language} is picked`);
                                await pickLanguage(page, language);
                                await setCode(page, code);
                                const colours = await editorColours(page, 3);
                                assert.ok(colours.length >= 3, `${language} is highlighted (${colours.join(", ")})`);
                                const fetched = chunks.filter((c) => !before.has(c));
                                assert.ok(fetched.length > 0, `picking ${language} fetched a chunk`);
                                assert.ok(!named || fetched.some((c) => c.startsWith(`${named}-`)),
                                        `${named}'s own chunk came (${fetched.join(", ")})`);
                        }
                });
        },

        /* Every offered language has a starter, and it runs: "Hello, world!" with no
         * stdin. Picking a language while the code is a starter loads the new starter. */
        async languages() {
                await withPage(async (page) => {
                        await ready(page);
                        const names = (await offeredLanguages(page)).map((o) => o.value);
                        for (const name of names) {
                                assert.ok(starters[name], `${name} has a starter program`);
                                await pickLanguage(page, name);
                                assert.equal(await getCode(page), starters[name], `${name}'s starter is loaded`);
                                await run(page, "#run", { eof: true });
                                assert.equal(await summary(page), "OK", `${name}'s starter runs`);
                                assert.equal(await streamText(page, "run", "stdout"), "Hello, world!\n", name);
                                console.log(`${name}: OK`);
                        }
                        await shot(page, "languages");
                });
        },

        /* stdin and the arguments (one per line) reach the program. */
        async stdin() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await page.fill("#stdin", "Ada");
                        await run(page, "#run", { eof: true });
                        assert.equal(await streamText(page, "run", "stdout"), "Hello, Ada!\n");
                        await setCode(page, "import sys\nprint(sys.argv[1:])\nprint(repr(sys.stdin.read()))\n");
                        await page.fill("#stdin", "line 1\nline 2\n");
                        await page.fill("#args", "a b\n--x\n");
                        await run(page, "#run", { eof: true });
                        assert.equal(await streamText(page, "run", "stdout"), "['a b', '--x']\n'line 1\\nline 2\\n'\n");
                });
        },

        /* A compile error: its badge, the compiler's stderr under Compile, no Run. */
        async compile_error() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "c");
                        await setCode(page, "int main(void)\n{\n    return missing;\n}\n");
                        await run(page);
                        assert.equal(await summary(page), "Compile error");
                        assert.match(await streamText(page, "compile", "stderr"), /error: .missing. undeclared/);
                        assert.equal(await page.locator('#outcome .stage[data-stage="run"]').count(), 0);
                        await shot(page, "compile-error");
                });
        },

        /* Each status has its badge and facts: time limit, runtime error with its exit
         * code, a signal by name, memory limit, and output limit with the truncation. */
        async statuses() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, "while True:\n    pass\n");
                        await page.click("#run");
                        /* The running state shows while the job runs. */
                        assert.equal(await page.textContent("#run"), "Running…");
                        assert.equal(await page.getAttribute("#run", "aria-disabled"), "true");
                        assert.equal(await page.getAttribute("#result", "aria-busy"), "true");
                        await page.waitForFunction(() => /Running… [1-9] s/.test(document.querySelector("#status").textContent));
                        await shot(page, "running");
                        await finished(page);
                        assert.equal(await page.textContent("#run"), "Run");
                        assert.equal(await summary(page), "Time limit");
                        assert.match(await page.textContent("#outcome .summary"), /time limit exceeded/);
                        await shot(page, "timeout");

                        await setCode(page, "b = bytearray(1 << 30)\n");
                        await run(page);
                        assert.equal(await summary(page), "Memory limit");

                        await setCode(page, "import sys\nsys.stdout.write('x' * (2 << 20))\n");
                        await run(page);
                        assert.equal(await summary(page), "Output limit");
                        assert.match(await page.textContent('#outcome .stage[data-stage="run"] [data-stream="stdout"] h4'),
                                /truncated/);
                        assert.equal((await streamText(page, "run", "stdout")).length, 1 << 20);

                        await pickLanguage(page, "c");
                        await setCode(page, "int main(void)\n{\n    return 3;\n}\n");
                        await run(page);
                        assert.equal(await summary(page), "Runtime error");
                        assert.equal(await fact(page, "run", "Exit code"), "3");
                        for (const f of ["Wall time", "CPU time"])
                                assert.match(await fact(page, "run", f), /^\d+ ms$/);
                        assert.match(await fact(page, "run", "Peak memory"), /^[\d.]+ (KiB|MiB)$/);

                        await setCode(page, "#include <signal.h>\n\nint main(void)\n{\n    raise(SIGSEGV);\n}\n");
                        await run(page);
                        assert.equal(await summary(page), "Signal");
                        assert.equal(await fact(page, "run", "Signal"), "SIGSEGV");
                        assert.equal(await fact(page, "run", "Exit code"), "none");
                        await shot(page, "signal");
                });
        },

        /* Test cases: rows of stdin and expected output, all run in one request with
         * `tests`; a verdict per case, on its row and in the result. */
        async tests() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, "print(int(input()) * 2)\n");
                        const rows = [["2", "4"], ["5", "10\n"], ["3", "7"], ["1", ""]];
                        for (const [i, [stdin, expected]] of rows.entries()) {
                                await page.click("#add-test");
                                await page.locator(".case-stdin").nth(i).fill(stdin);
                                await page.locator(".case-expected").nth(i).fill(expected);
                        }
                        const posts = [];
                        page.on("request", (r) => r.method() === "POST" && posts.push(r.postDataJSON()));
                        await run(page, "#run-tests");
                        assert.equal(posts.length, 1, "one request for all the tests");
                        assert.deepEqual(posts[0].tests, [{ stdin: "2", expected_output: "4" },
                                { stdin: "5", expected_output: "10\n" }, { stdin: "3", expected_output: "7" }, { stdin: "1" }]);
                        assert.equal(await summary(page), "2 of 3 passed");
                        assert.deepEqual(await page.locator(".test-result").evaluateAll((li) => li.map((x) => x.dataset.passed)),
                                ["true", "true", "false", "null"]);
                        assert.deepEqual(await page.locator(".case-verdict").allTextContents(),
                                ["AC Accepted", "AC Accepted", "WA Wrong answer", "Ran"]);
                        await shot(page, "tests");
                        /* Removing a row renumbers the rest. */
                        await page.click('button[aria-label="Remove test 1"]');
                        assert.deepEqual(await page.locator(".case legend").allTextContents(), ["Test 1", "Test 2", "Test 3"]);
                        await assertClean(page);
                });
        },

        /* Share: the link carries code, language, stdin, arguments and tests, compressed
         * in the fragment; opened in a new page it shows the same and runs the same. */
        async share() {
                const b = await launch();
                try {
                        const page = await open(b.context, URL_);
                        await ready(page);
                        await pickLanguage(page, "python");
                        const code = "import sys\n# " + "a comment that repeats ".repeat(40) + "\nprint('<' + sys.stdin.read().strip() + '>', sys.argv[1:])\n";
                        await setCode(page, code);
                        await page.fill("#stdin", "Ada");
                        await page.fill("#args", "x y");
                        await page.click("#add-test");
                        await page.locator(".case-stdin").nth(0).fill("Bob");
                        await page.locator(".case-expected").nth(0).fill("<Bob> ['x y']");
                        const posts = [];
                        page.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
                        await page.click("#share");
                        await page.waitForSelector("#share-box:not([hidden])");
                        const link = await page.inputValue("#share-url");
                        assert.match(link, /#1\.[A-Za-z0-9_-]+$/);
                        assert.equal(posts.length, 0, "sharing stores nothing on the server");
                        assert.ok(link.length < code.length, `the fragment is compressed (${link.length} < ${code.length})`);
                        await shot(page, "share");

                        const again = await open(b.context, link);
                        await ready(again);
                        assert.equal(await currentLanguage(again), "python");
                        assert.equal(await getCode(again), code);
                        assert.equal(await again.inputValue("#stdin"), "Ada");
                        assert.equal(await again.inputValue("#args"), "x y");
                        assert.equal(await again.locator(".case-stdin").inputValue(), "Bob");
                        assert.equal(await again.locator(".case-expected").inputValue(), "<Bob> ['x y']");
                        await run(again, "#run", { eof: true });
                        assert.equal(await streamText(again, "run", "stdout"), "<Ada> ['x y']\n");
                        await run(again, "#run-tests");
                        assert.equal(await summary(again), "1 of 1 passed");
                        await assertClean(page);
                        await assertClean(again);

                        /* A damaged link says so, and the page still works. */
                        const broken = await open(b.context, `${URL_}#1.AAAA`);
                        await ready(broken);
                        assert.match(await broken.textContent("#outcome .alert"), /could not be opened: the link is damaged/);
                        await assertClean(broken);

                        /* The tty toggle travels in the link too. */
                        await page.check("#tty");
                        await page.click("#share");
                        await page.waitForFunction((old) => document.querySelector("#share-url").value !== old, link);
                        const ttyLink = await page.inputValue("#share-url");
                        assert.notEqual(ttyLink, link);
                        const tty = await open(b.context, ttyLink);
                        await ready(tty);
                        assert.equal(await tty.isChecked("#tty"), true, "the tty flag is restored");
                        assert.equal(await again.isChecked("#tty"), false);
                        await assertClean(tty);
                } finally {
                        await b.close();
                }
        },

        /* Program output is text, never HTML: with the CSP bypassed (so that only the
         * page's own care stands between), a program printing markup shows it verbatim,
         * no element is made from it and no dialog opens. */
        async output_text() {
                const markup = "<img src=x onerror=alert(1)>";
                const script = "<script>alert(2)</script><b>bold</b>";
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, `import sys\nprint(${JSON.stringify(markup)})\nprint(${JSON.stringify(script)}, file=sys.stderr)\n`);
                        await page.click("#add-test");
                        await page.locator(".case-expected").fill(markup);
                        await run(page);
                        assert.equal(await streamText(page, "run", "stdout"), `${markup}\n`);
                        assert.equal(await streamText(page, "run", "stderr"), `${script}\n`);
                        await run(page, "#run-tests");
                        assert.equal(await summary(page), "1 of 1 passed");
                        await page.waitForTimeout(300);
                        assert.equal(await page.locator("#outcome img, #outcome script, #outcome b").count(), 0);
                        assert.match(await termText(page), /<img src=x onerror=alert\(1\)>/, "the terminal shows the markup as text");
                        assert.equal(await page.locator("#terminal img, #terminal script, #terminal b").count(), 0);
                        assert.deepEqual(page.dialogs, [], "no dialog opened");
                        await assertClean(page);
                }, { bypassCSP: true });
        },

        /* Keyboard: Tab indents in the editor; Escape then Tab leaves it; Ctrl+Enter runs
         * from the editor and from the stdin field. A switch to a language with no draft
         * keeps edited code; a language's draft comes back when it is picked again. */
        async keyboard() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, "print('hi')\n");
                        await page.keyboard.press("Control+Home");
                        await page.keyboard.press("Tab");
                        assert.equal(await getCode(page), "    print('hi')\n", "Tab indents");
                        assert.ok(await inEditor(page), "Tab kept the focus in the editor");
                        await page.keyboard.press("Shift+Tab");
                        assert.equal(await getCode(page), "print('hi')\n", "Shift+Tab dedents");
                        await page.keyboard.press("Escape");
                        await page.keyboard.press("Tab");
                        assert.ok(!(await inEditor(page)), "Escape then Tab left the editor");
                        assert.equal(await page.evaluate(() => document.activeElement.id), "stdin");

                        await page.locator("#editor .cm-content").click();
                        await page.keyboard.press("Control+Enter");
                        await endInput(page);
                        await finished(page);
                        assert.equal(await streamText(page, "run", "stdout"), "hi\n");
                        assert.equal(await getCode(page), "print('hi')\n", "Ctrl+Enter inserted nothing");

                        await page.fill("#stdin", "");
                        await setCode(page, "print(input())\n");
                        await page.focus("#stdin");
                        await page.keyboard.type("typed");
                        await page.keyboard.press("Control+Enter");
                        await endInput(page);
                        await finished(page);
                        assert.equal(await streamText(page, "run", "stdout"), "typed\n");

                        await pickLanguage(page, "c");
                        assert.equal(await getCode(page), "print(input())\n", "edited code survives a switch to a language with no draft");
                        await setCode(page, "");
                        await pickLanguage(page, "cpp");
                        assert.equal(await getCode(page), starters.cpp, "an empty editor takes the starter");
                        await pickLanguage(page, "c");
                        assert.equal(await getCode(page), starters.c, "an unedited starter is replaced (C's emptied draft is gone)");
                        await pickLanguage(page, "python");
                        assert.equal(await getCode(page), "print(input())\n", "Python's draft comes back");
                        await assertClean(page);
                });
        },

        /* nginx in front of nobody: the page says the server is down, and offers to retry;
         * a shared program it was opened with still shows. */
        async down() {
                const code = "print('kept')\n";
                const fragment = shareFragment({ l: "python", c: code, i: "in", a: [], t: [] });
                await withPage(async (page) => {
                        const alert = page.locator('#outcome .alert[data-kind="down"]');
                        await alert.waitFor();
                        assert.match(await alert.textContent(), /Server down.*code runner is down.*HTTP 502/s);
                        assert.equal(await page.locator("#outcome .alert button").textContent(), "Try again");
                        assert.equal(await page.getAttribute("#run", "aria-disabled"), "true");
                        assert.equal(await getCode(page), code);
                        assert.equal(await page.inputValue("#stdin"), "in");
                        await shot(page, "server-down");
                        await axe(page, "server down");
                        await page.click("#outcome .alert button");
                        await alert.waitFor();
                }, { url: `${process.env.CODERUN_DOWN_URL}#${fragment}`, allow: [/status of 502/] });
        },

        /* The executor stops while the page is open: Run says the server is down. */
        async down_midway() {
                await withPage(async (page) => {
                        await ready(page);
                        process.kill(Number(process.env.CODERUN_LONE_PID), "SIGTERM");
                        await waitRefused(new URL("health", process.env.CODERUN_LONE_URL));
                        await run(page);
                        assert.match(await page.textContent('#outcome .alert[data-kind="down"]'), /code runner is down/);
                        assert.equal(await page.textContent("#run"), "Run", "the running state ended");
                }, { url: process.env.CODERUN_LONE_URL, allow: [/status of 502/, WS_FAILED] });
        },

        /* Every job slot is taken: the page says busy (503) and when to retry. The slot
         * is taken only once the page is up, since a job holds it for 15 s at most
         * (run_timeout_max); leaving drops the connection, and the executor kills the job. */
        async busy() {
                const api = process.env.CODERUN_BUSY_API;
                await withPage(async (page) => {
                        await ready(page);
                        const holder = new AbortController();
                        const held = fetch(new URL("api/v2/execute", api), { method: "POST", signal: holder.signal,
                                body: JSON.stringify({ language: "bash", source: "sleep 20", run_timeout: 15000, run_cpu_time: 15000 }) })
                                .catch(() => null);
                        try {
                                await until(async () => (await (await fetch(new URL("health", api))).json()).free_slots === 0,
                                        "the holder takes the only slot");
                                await run(page);
                                const text = await page.textContent('#outcome .alert[data-kind="busy"]');
                                assert.match(text, /Server busy.*every job slot is taken.*Try again in 1 s/s);
                                await shot(page, "busy");
                        } finally {
                                holder.abort();
                                await held;
                        }
                }, { url: process.env.CODERUN_BUSY_URL, allow: [/status of 503/] });
        },

        /* A request the executor refuses: its message is shown (here: 65 tests, one over
         * the limit, from a link made outside the page with the same format). */
        async refused() {
                const state = { l: "python", c: "print(1)\n", i: "", a: [], t: Array.from({ length: 65 }, (_, i) => [`${i}`, "1"]) };
                const fragment = shareFragment(state);
                await withPage(async (page) => {
                        await ready(page);
                        assert.equal(await page.locator(".case").count(), 65);
                        await run(page, "#run-tests");
                        const text = await page.textContent('#outcome .alert[data-kind="refused"]');
                        assert.match(text, /refused the request: tests: must hold 1 to 64 tests/);
                }, { url: `${URL_}#${fragment}`, allow: [/status of 400/] });
        },

        /* axe-core finds no violation, light and dark, with a result, a test case and the
         * share link on screen; the main screenshots are taken here. */
        async a11y() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "c");
                        await page.fill("#stdin", "Ada");
                        await run(page, "#run", { eof: true });
                        await page.click("#add-test");
                        await page.locator(".case-stdin").fill("Bob");
                        await page.locator(".case-expected").fill("Hello, Bob!");
                        await page.click("#share");
                        await page.waitForSelector("#share-box:not([hidden])");
                        await run(page, "#run", { eof: true });
                        await page.locator("#editor .cm-content").click();
                        await page.keyboard.press("Control+End");
                        await shot(page, "playground");
                        await axe(page, "light");
                        await page.emulateMedia({ colorScheme: "dark" });
                        await shot(page, "playground-dark");
                        await axe(page, "dark");
                        await run(page, "#run-tests");
                        await axe(page, "dark, tests");
                        await page.emulateMedia({ colorScheme: "light" });
                        await axe(page, "light, tests");
                        await assertClean(page);
                });
        },

        /* A phone: one column, nothing wider than the screen, and it runs. */
        async phone() {
                await withPage(async (page) => {
                        await ready(page);
                        await page.fill("#stdin", "Ada");
                        await page.tap("#run");
                        await endInput(page);
                        await finished(page);
                        assert.equal(await summary(page), "OK");
                        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
                        assert.ok(overflow <= 0, `nothing is wider than the screen (${overflow} px over)`);
                        const [editor, result] = await Promise.all(["#editor", "#result"].map((s) => page.locator(s).boundingBox()));
                        assert.ok(result.y >= editor.y + editor.height, "the result is below the editor");
                        await shot(page, "phone");
                        await axe(page, "phone");
                        await assertClean(page);
                }, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
        },

        /* Live: a prompt without a newline shows in the terminal before anything is
         * typed (the run is still going); the answer typed into the terminal reaches the
         * program, and its reply shows; done brings the batch result's status and facts. */
        async live_prompt() {
                await withPage(async (page) => {
                        await ready(page);
                        assert.equal(await page.getAttribute("#stop", "aria-disabled"), "true", "Stop is off before a run");
                        await pickLanguage(page, "python");
                        await setCode(page, 'name = input("name? ")\nprint(f"hello, {name}!")\n');
                        await page.click("#run");
                        await live(page);
                        const before = await waitTerm(page, /name\?$/m);
                        assert.doesNotMatch(before, /hello/);
                        assert.ok(await page.evaluate(() => document.body.classList.contains("running")),
                                "the program is still running, waiting for its answer");
                        await typeInTerminal(page, "Ada");
                        await waitTerm(page, /name\? Ada$/m);
                        await page.keyboard.press("Enter");
                        await waitTerm(page, /^hello, Ada!$/m);
                        await shot(page, "terminal");
                        await finished(page);
                        assert.equal(await summary(page), "OK");
                        assert.equal(await streamText(page, "run", "stdout"), "name? hello, Ada!\n");
                        assert.equal(await fact(page, "run", "Exit code"), "0");
                        assert.match(await fact(page, "run", "Wall time"), /^\d+ ms$/);
                        assert.match(await fact(page, "run", "Peak memory"), /^[\d.]+ (KiB|MiB)$/);
                        assert.equal(await page.getAttribute("#stop", "aria-disabled"), "true", "Stop is off after the run");
                        assert.match(await page.textContent("#status"), /^Done: OK/);
                });
        },

        /* Live, C: scanf in a loop until EOF sums the numbers typed; the sum comes only
         * after Ctrl-D on an empty line (Backspace edits the line before it is sent). */
        async live_scanf() {
                await withPage(async (page) => {
                        await startLive(page, "c", "#include <stdio.h>\n\nint main(void)\n{\n    long n, sum = 0;\n\n"
                                + "    while (scanf(\"%ld\", &n) == 1)\n        sum += n;\n    printf(\"sum %ld\\n\", sum);\n    return 0;\n}\n");
                        await typeInTerminal(page, "1 2 3");
                        await page.keyboard.press("Enter");
                        await typeInTerminal(page, "49");
                        await page.keyboard.press("Backspace");
                        await page.keyboard.press("Enter");
                        await waitTerm(page, /^1 2 3\n4$/m);
                        await page.waitForTimeout(300);
                        assert.ok(await page.evaluate(() => document.body.classList.contains("running")), "still reading");
                        assert.doesNotMatch(await termText(page), /sum/);
                        await page.keyboard.press("Control+D");
                        await waitTerm(page, /^sum 10$/m);
                        await finished(page);
                        assert.equal(await summary(page), "OK");
                        assert.equal(await streamText(page, "run", "stdout"), "sum 10\n");
                });
        },

        /* Stop: SIGKILL ends a busy loop within 1 s of the click (its CPU limit is 3 s),
         * and the result says so. Stop is enabled only while the run is live. */
        async stop() {
                await withPage(async (page) => {
                        await startLive(page, "python", "print('spinning', flush=True)\nwhile True:\n    pass\n");
                        await waitTerm(page, /^spinning$/m);
                        const t0 = Date.now();
                        await page.click("#stop");
                        await page.waitForFunction(() => !document.body.classList.contains("running")
                                && document.querySelector("#outcome .summary"), null, { timeout: 1000 });
                        const took = Date.now() - t0;
                        assert.ok(took <= 1000, `ended ${took} ms after Stop`);
                        assert.equal(await summary(page), "Signal");
                        assert.equal(await fact(page, "run", "Signal"), "SIGKILL");
                        assert.equal(await page.getAttribute("#stop", "aria-disabled"), "true");
                        console.log(`stop: ended ${took} ms after the click`);
                });
        },

        /* tty: the REPL (code.interact on a pseudo-terminal) takes two expressions and
         * prints their values; every key goes raw to it, the echo is the pty's. */
        async tty_repl() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, "import code\ncode.interact()\n");
                        await page.check("#tty");
                        const init = page.waitForEvent("websocket").then((ws) =>
                                ws.waitForEvent("framesent").then((f) => JSON.parse(f.payload)));
                        await page.click("#run");
                        assert.equal((await init).tty, true, "init asks for a tty");
                        await live(page);
                        await waitTerm(page, /^>>>$/m);
                        await typeInTerminal(page, "6*7");
                        await page.keyboard.press("Enter");
                        await waitTerm(page, /^42$/m);
                        await typeInTerminal(page, "sum(range(101))");
                        await page.keyboard.press("Enter");
                        await waitTerm(page, /^5050$/m);
                        await shot(page, "terminal-tty");
                        await page.keyboard.press("Control+D");
                        await finished(page);
                        assert.equal(await summary(page), "OK");
                        assert.match(await streamText(page, "run", "stdout"), />>> 6\*7\r\n42\r\n/);
                });
        },

        /* ANSI colours: red is xterm's colour 1, drawn in the theme's red (which needs
         * xterm's stylesheet, a constructed one here: xtermcsp.js); a 24-bit colour is
         * drawn too, through CSSOM. No CSP violation (withPage checks). */
        async ansi() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, 'print("\\x1b[31mred\\x1b[0m plain \\x1b[38;2;1;130;3mrgb\\x1b[0m")\n');
                        await run(page);
                        await waitTerm(page, /^red plain rgb$/m);
                        const cell = (text) => page.locator("#terminal .xterm-rows span", { hasText: new RegExp(`^${text}$`) });
                        assert.match(await cell("red").getAttribute("class"), /\bxterm-fg-1\b/);
                        assert.equal(await cell("red").evaluate((e) => getComputedStyle(e).color), "rgb(164, 14, 38)");
                        assert.equal(await cell("rgb").evaluate((e) => getComputedStyle(e).color), "rgb(1, 130, 3)");
                        const plain = await page.locator("#terminal .xterm-rows span", { hasText: /plain/ }).first()
                                .evaluate((e) => getComputedStyle(e).color);
                        assert.equal(plain, "rgb(31, 35, 40)", "the rest is the theme's foreground");
                        await page.emulateMedia({ colorScheme: "dark" });
                        await page.waitForFunction(() => getComputedStyle([...document.querySelectorAll("#terminal .xterm-rows span")]
                                .find((e) => e.textContent === "red")).color === "rgb(255, 123, 114)");
                        assert.equal(await page.locator("style").count(), 0, "no <style> element in the page");
                });
        },

        /* While a new run is live the previous result is gone, not dimmed: no badge,
         * no output, an empty terminal; the new one comes at its end. */
        async cleared() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, "print('first')\n");
                        await run(page);
                        assert.equal(await streamText(page, "run", "stdout"), "first\n");
                        await setCode(page, "print('second', flush=True)\ninput()\n");
                        await page.click("#run");
                        await live(page);
                        await waitTerm(page, /^second$/m);
                        assert.equal(await page.locator("#outcome > *").count(), 0, "the previous result is cleared");
                        assert.doesNotMatch(await termText(page), /first/);
                        assert.match(await page.textContent("#status"), /^Running…/, "the status is the new run's");
                        assert.equal(await page.locator("#result pre, #result .badge").count(), 0, "no output or badge left");
                        await endInput(page);
                        await finished(page);
                        assert.equal(await streamText(page, "run", "stdout"), "second\n");
                });
        },

        /* The WebSocket route fails (nginx answers 502 to the upgrade): the run goes in
         * batch, with a note that says so, and gives the batch result. */
        async fallback() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, "import sys\nprint(6 * 7, sys.stdin.read())\n");
                        await page.fill("#stdin", "in");
                        await page.click("#run");
                        await finished(page);
                        assert.match(await page.textContent('#outcome [data-kind="fallback"]'),
                                /live stream was not available: the WebSocket closed before the run began.*ran in batch/s);
                        assert.equal(await summary(page), "OK");
                        assert.equal(await streamText(page, "run", "stdout"), "42 in\n");
                        await shot(page, "fallback");
                }, { url: process.env.CODERUN_NOWS_URL, allow: [WS_FAILED] });
        },

        /* The terminal by keyboard alone: Tab reaches it, Tab inside goes to the program,
         * Escape then Tab leaves it; axe-core finds nothing, light and dark, with the
         * terminal showing a run. */
        async terminal_a11y() {
                await withPage(async (page) => {
                        await startLive(page, "python", 'print("\\x1b[31mred\\x1b[0m and \\x1b[32mgreen\\x1b[0m")\nprint(repr(input("> ")))\n',
                                { tty: true });
                        await waitTerm(page, /^>$/m);
                        await page.focus("#stop");
                        await page.keyboard.press("Tab");
                        assert.ok(await inTerminal(page), "Tab from Stop goes into the terminal");
                        await page.keyboard.press("Tab");
                        assert.ok(await inTerminal(page), "Tab inside the terminal stays (it is the program's)");
                        await page.keyboard.press("Escape");
                        await page.keyboard.press("Tab");
                        assert.ok(!(await inTerminal(page)), "Escape then Tab leaves the terminal");
                        await page.keyboard.press("Shift+Tab");
                        assert.ok(await inTerminal(page), "Shift+Tab goes back in");
                        await axe(page, "terminal live, light");
                        await page.emulateMedia({ colorScheme: "dark" });
                        await axe(page, "terminal live, dark");
                        await page.keyboard.type("x");
                        await page.keyboard.press("Enter");
                        await finished(page);
                        /* Tab and Escape are the program's keys: both reached it (the pty echoes ESC as ^[). */
                        assert.match(await streamText(page, "run", "stdout"), /'\\t\\x1bx'/, "the Tab and the Escape reached the program");
                        await axe(page, "terminal after the run, dark");
                        await page.emulateMedia({ colorScheme: "light" });
                        await axe(page, "terminal after the run, light");
                });
        },

        /* A 375 px phone: a live tty run, the program's terminal as wide as the pane
         * (fewer than 80 columns: the resize reached it), nothing wider than the screen. */
        async phone_terminal() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        /* Short lines: a line wider than the phone's editor scrolls it, which axe-core
                         * reports of the editor (scrollable-region-focusable), not of the terminal. */
                        await setCode(page, "import os\nc = os.get_terminal_size()\nprint('cols', c[0])\n");
                        await page.check("#tty");
                        await page.tap("#run");
                        await finished(page);
                        assert.equal(await summary(page), "OK");
                        const cols = Number((await waitTerm(page, /^cols \d+$/m)).match(/^cols (\d+)$/m)[1]);
                        assert.ok(cols > 10 && cols < 80, `the program's terminal has ${cols} columns`);
                        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
                        assert.ok(overflow <= 0, `nothing is wider than the screen (${overflow} px over)`);
                        const [pane, screen] = await Promise.all(["#terminal", "#terminal .xterm-screen"].map((x) => page.locator(x).boundingBox()));
                        assert.ok(screen.x + screen.width <= pane.x + pane.width + 1, "the terminal fits its pane");
                        await shot(page, "phone-terminal");
                        await axe(page, "phone, terminal");
                }, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
        },
};

async function fact(page, stage, name) {
        return page.locator(`#outcome .stage[data-stage="${stage}"] .facts div`).filter({
                has: page.locator("dt", { hasText: new RegExp(`^${name}$`) }) }).locator("dd").textContent();
}

/* Chromium's console line for a WebSocket that got no upgrade (a test provokes it). */
const WS_FAILED = /WebSocket connection to .* failed/;

/* editorColours: the distinct colours of the editor's text, once there are at least
 * MIN of them or 30 s have passed (a mode's chunk arrives after the language is set). */
async function editorColours(page, min) {
        const colours = () => page.locator("#editor .cm-line span").evaluateAll((spans) =>
                [...new Set(spans.map((x) => getComputedStyle(x).color))]);
        await until(async () => (await colours()).length >= min, "the editor's colours", 30000).catch(() => {});
        return colours();
}

async function inTerminal(page) {
        return page.evaluate(() => document.activeElement?.classList.contains("xterm-helper-textarea"));
}

async function inEditor(page) {
        return page.evaluate(() => document.activeElement?.id === "editor");
}

async function waitRefused(url) {
        await until(async () => {
                const r = await fetch(url).catch(() => null);
                return !r || r.status === 502;
        }, `${url} stops answering`);
}

const name = process.argv[2];
if (!scenarios[name]) {
        console.error(`usage: playground.mjs ${Object.keys(scenarios).join("|")}`);
        process.exit(2);
}
const t0 = Date.now();
await scenarios[name]();
console.log(`${name}: passed in ${Date.now() - t0} ms`);
