/* tests/www/browser/judging.mjs SCENARIO: how the playground's tests are judged (the
 * checker, its float tolerances, stop at the first failure: www/src/checker.js) and
 * how verdicts show (www/src/verdicts.js on the rows and in the result), in Debian's
 * chromium through nginx to the real executor, as playground.mjs does the rest
 * (tests/www/judging.bats passes CODERUN_URL). Each scenario throws on the first thing
 * that is wrong; the exit code says. What a verdict's message says is the executor's,
 * read from the reply the page got, never written in here, but for its shape. */
import assert from "node:assert/strict";
import { launch, open, assertClean, ready, setCode, pickLanguage, run, summary, withPage, axe, shareFragment,
         shot } from "./lib.mjs";

const URL_ = process.env.CODERUN_URL;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/* A third to 16 digits: right to a millionth, never to the byte. */
const THIRDS = "import sys\nfor line in sys.stdin:\n    print(int(line) / 3)\n";

const scenarios = {
        /* One answer, three checkers: within float's default 1e-6 it is AC; lines (the
         * default) and exact see other bytes: WA, the checker's message on the row and in
         * the result. The request names the checker only when it is not the default. */
        async float() {
                await withPage(async (page) => {
                        const io = await thirds(page, [["1", "0.333333"]]);
                        assert.equal(await page.inputValue("#checker"), "lines", "lines is the default");
                        assert.equal(await page.isVisible("#checker-abs"), false, "no tolerance without float");

                        let reply = await runTests(page, io);
                        assert.equal("checker" in io.posts[0], false, "the default checker is not sent");
                        assert.equal("stop_on_failure" in io.posts[0], false, "nor stop_on_failure unticked");
                        await assertVerdicts(page, reply, ["WA"]);
                        assert.match(reply.tests[0].checker_message, /^line 1: expected "0\.333333", got "0\.3333333333333333"$/);

                        await page.selectOption("#checker", "float");
                        assert.equal(await page.isVisible("#checker-abs"), true, "float shows its tolerances");
                        assert.equal(await page.inputValue("#checker-abs"), "1e-6");
                        assert.equal(await page.inputValue("#checker-rel"), "1e-6");
                        assert.equal(await page.locator(".case-verdict").textContent(), "",
                                "a verdict of another checker leaves the row");
                        reply = await runTests(page, io);
                        assert.deepEqual(io.posts.at(-1).checker, { type: "float", abs: 1e-6, rel: 1e-6 });
                        await assertVerdicts(page, reply, ["AC"]);
                        assert.equal(await summary(page), "1 of 1 passed");
                        await shot(page, "judging-float");

                        /* Tighter than the answer's six digits: the same output fails. */
                        await page.fill("#checker-abs", "1e-9");
                        await page.fill("#checker-rel", "0");
                        reply = await runTests(page, io);
                        assert.deepEqual(io.posts.at(-1).checker, { type: "float", abs: 1e-9, rel: 0 });
                        await assertVerdicts(page, reply, ["WA"]);
                        assert.match(reply.tests[0].checker_message, /differs from .* by more than abs 1e-09/);

                        await page.selectOption("#checker", "exact");
                        assert.equal(await page.isVisible("#checker-abs"), false);
                        reply = await runTests(page, io);
                        assert.equal(io.posts.at(-1).checker, "exact");
                        await assertVerdicts(page, reply, ["WA"]);
                        assert.equal(await summary(page), "0 of 1 passed");
                        await shot(page, "judging-wa");
                });
        },

        /* tokens and unordered accept what lines refuses, each for its own reason. */
        async tokens_unordered() {
                await withPage(async (page) => {
                        await ready(page);
                        await pickLanguage(page, "python");
                        await setCode(page, "print('b  1')\nprint('a')\n");
                        const io = watch(page);
                        await addTests(page, [["", "a\nb 1"]]);
                        const want = { lines: "WA", tokens: "WA", unordered: "WA" };
                        for (const [checker, verdict] of Object.entries(want)) {
                                await page.selectOption("#checker", checker);
                                await assertVerdicts(page, await runTests(page, io), [verdict]);
                        }
                        await page.locator(".case-expected").fill("b 1\na");
                        Object.assign(want, { lines: "WA", tokens: "AC", unordered: "WA" });
                        for (const [checker, verdict] of Object.entries(want)) {
                                await page.selectOption("#checker", checker);
                                await assertVerdicts(page, await runTests(page, io), [verdict]);
                        }
                        await page.locator(".case-expected").fill("a\nb  1\n");
                        await page.selectOption("#checker", "unordered");
                        await assertVerdicts(page, await runTests(page, io), ["AC"]);
                        assert.equal(io.posts.at(-1).checker, "unordered");
                });
        },

        /* Stop at the first failure: the tests after a failed one are NR (Not run), said
         * in the summary; unticked, every test runs again. */
        async stop() {
                await withPage(async (page) => {
                        const io = await thirds(page, [["3", "1.0"], ["6", "3"], ["9", "3.0"]]);
                        await page.check("#stop-on-failure");
                        assert.equal(await page.getByRole("checkbox", { name: "Stop at the first failure" }).isChecked(), true);
                        let reply = await runTests(page, io);
                        assert.equal(io.posts[0].stop_on_failure, true);
                        await assertVerdicts(page, reply, ["AC", "WA", "NR"]);
                        assert.equal(await summary(page), "1 of 3 passed");
                        assert.match(await page.textContent("#outcome .summary"), /1 not run after a failure/);
                        const third = page.locator(".test-result").nth(2);
                        assert.match(await third.textContent(), /not run: an earlier test failed/);
                        assert.equal(await third.locator("details").count(), 0, "a test not run has no output to show");
                        await shot(page, "judging-stop");

                        await page.uncheck("#stop-on-failure");
                        reply = await runTests(page, io);
                        assert.equal("stop_on_failure" in io.posts.at(-1), false);
                        await assertVerdicts(page, reply, ["AC", "WA", "AC"]);
                });
        },

        /* A failed test shows expected and actual output side by side, in one row; on a
         * phone one above the other. A passed one shows them one after the other, closed. */
        async compare() {
                for (const [what, options, beside] of [["wide", {}, true], ["phone", PHONE, false]]) {
                        await withPage(async (page) => {
                                const io = await thirds(page, [["3", "1.0"], ["6", "3"]]);
                                await assertVerdicts(page, await runTests(page, io), ["AC", "WA"]);
                                const failed = page.locator(".test-result").nth(1);
                                assert.equal(await failed.locator("details").evaluate((d) => d.open), true, `${what}: a failed test is open`);
                                const expected = failed.locator(".compare [data-stream=expected] pre");
                                const got = failed.locator(".compare [data-stream=stdout] pre");
                                assert.equal(await expected.textContent(), "3");
                                assert.equal(await got.textContent(), "2.0\n");
                                await failed.scrollIntoViewIfNeeded();
                                const [e, g] = [await expected.boundingBox(), await got.boundingBox()];
                                if (beside)
                                        assert.ok(Math.abs(e.y - g.y) < 2 && g.x >= e.x + e.width, `${what}: side by side`);
                                else
                                        assert.ok(g.y >= e.y + e.height && Math.abs(e.x - g.x) < 2, `${what}: stacked`);
                                const page_ = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
                                assert.ok(page_, `${what}: nothing wider than the screen`);
                                const passed = page.locator(".test-result").nth(0);
                                assert.equal(await passed.locator(".compare").count(), 0, "a passed test has no comparison");
                                await shot(page, `judging-compare-${what}`);
                        }, options);
                }
        },

        /* A tolerance the executor would refuse is said at its field, marked invalid
         * and focused; nothing is sent (nor shared) until it is a number >= 0. */
        async tolerance() {
                await withPage(async (page) => {
                        const io = await thirds(page, [["1", "0.333333"]]);
                        await page.selectOption("#checker", "float");
                        for (const [field, value, said] of [["#checker-abs", "-1", /abs must be 0 or more/],
                                                            ["#checker-rel", "", /rel must be a number/]]) {
                                await page.fill(field, value);
                                assert.equal(await page.getAttribute(field, "aria-invalid"), "true", `${field} ${value}`);
                                assert.match(await page.textContent("#checker-error"), said);
                                assert.equal(await page.isVisible("#checker-error"), true);
                                await page.click("#run-tests");
                                await page.click("#share");
                                assert.equal(io.posts.length, 0, "nothing is sent");
                                assert.equal(await page.isVisible("#share-box"), false, "nothing is shared");
                                assert.equal(await page.evaluate(() => `#${document.activeElement.id}`), field,
                                        "the bad field has the focus");
                                assert.match(await page.textContent("#status"), said);
                                await page.fill(field, "0.5");
                        }
                        await page.fill("#checker-abs", "1e-3");
                        assert.equal(await page.getAttribute("#checker-abs", "aria-invalid"), "false");
                        assert.equal(await page.isVisible("#checker-error"), false);
                        await assertVerdicts(page, await runTests(page, io), ["AC"]);
                        assert.deepEqual(io.posts.at(-1).checker, { type: "float", abs: 1e-3, rel: 0.5 });
                });
        },

        /* The share link carries the checker, its tolerances and stop_on_failure, and
         * runs the same; an older link (no checker) is judged by lines; a link whose
         * checker this page does not know is refused, not judged otherwise. */
        async share() {
                const b = await launch();
                try {
                        const page = await open(b.context, URL_);
                        await thirdsOn(page, [["1", "0.333"], ["2", "x"], ["3", "1"]]);
                        await page.selectOption("#checker", "float");
                        await page.fill("#checker-abs", "0.001");
                        await page.fill("#checker-rel", "0");
                        await page.check("#stop-on-failure");
                        await page.click("#share");
                        await page.waitForSelector("#share-box:not([hidden])");
                        const link = await page.inputValue("#share-url");
                        assert.match(await page.textContent("#status"), /tests and their checker/);

                        const again = await open(b.context, link);
                        await ready(again);
                        assert.equal(await again.inputValue("#checker"), "float");
                        assert.equal(Number(await again.inputValue("#checker-abs")), 0.001);
                        assert.equal(Number(await again.inputValue("#checker-rel")), 0);
                        assert.equal(await again.isChecked("#stop-on-failure"), true);
                        assert.equal(await again.isVisible("#checker-abs"), true);
                        const io = watch(again);
                        const reply = await runTests(again, io);
                        assert.deepEqual(io.posts[0].checker, { type: "float", abs: 0.001, rel: 0 });
                        assert.equal(io.posts[0].stop_on_failure, true);
                        await assertVerdicts(again, reply, ["AC", "WA", "NR"]);
                        assert.match(reply.tests[1].checker_message, /^token 1: expected "x", got "0\.666/);

                        /* Back to the defaults: the link holds neither, as links did before. */
                        await page.selectOption("#checker", "lines");
                        await page.uncheck("#stop-on-failure");
                        await page.click("#share");
                        await page.waitForFunction((old) => document.querySelector("#share-url").value !== old, link);
                        const plain = await open(b.context, await page.inputValue("#share-url"));
                        await ready(plain);
                        assert.equal(await plain.inputValue("#checker"), "lines");
                        assert.equal(await plain.isChecked("#stop-on-failure"), false);
                        assert.equal(await plain.isVisible("#checker-abs"), false);

                        const old = await open(b.context, `${URL_}#${shareFragment({ l: "python", c: THIRDS, t: [["1", "0.333333"]] })}`);
                        await ready(old);
                        assert.equal(await old.inputValue("#checker"), "lines", "a link without a checker: lines");
                        const oldIo = watch(old);
                        await assertVerdicts(old, await runTests(old, oldIo), ["WA"]);
                        assert.equal("checker" in oldIo.posts[0], false);

                        for (const k of ["program", { type: "float", abs: -1, rel: 0 }, { type: "float", abs: 1 }, "float"]) {
                                const foreign = await open(b.context, `${URL_}#${shareFragment({ l: "python", c: THIRDS, k })}`);
                                await ready(foreign);
                                assert.match(await foreign.textContent("#outcome .alert"),
                                        /could not be opened: the link's checker is not one this page knows/, JSON.stringify(k));
                                await assertClean(foreign);
                        }
                        for (const p of [page, again, plain, old])
                                await assertClean(p);
                } finally {
                        await b.close();
                }
        },

        /* axe-core on the judging controls (float's tolerances shown, one invalid) and on
         * a result with AC, WA (compared) and NR, light and dark, and on a phone. */
        async a11y() {
                for (const [what, options] of [["light", {}], ["dark", { colorScheme: "dark" }], ["phone", PHONE]]) {
                        await withPage(async (page) => {
                                const io = await thirds(page, [["3", "1.0"], ["6", "3"], ["9", "3.0"]]);
                                await page.selectOption("#checker", "float");
                                await page.check("#stop-on-failure");
                                await assertVerdicts(page, await runTests(page, io), ["AC", "WA", "NR"]);
                                await axe(page, `judging results, ${what}`);
                                await page.fill("#checker-rel", "-2");
                                await axe(page, `judging: a bad tolerance, ${what}`);
                                await shot(page, `judging-a11y-${what}`);
                        }, options);
                }
        },
};

/* thirds: the page ready, python picked, THIRDS in the editor, a test per ROWS entry
 * ([stdin, expected]); the page's requests and replies watched (watch). */
async function thirds(page, rows) {
        await thirdsOn(page, rows);
        return watch(page);
}

async function thirdsOn(page, rows) {
        await ready(page);
        await pickLanguage(page, "python");
        await setCode(page, THIRDS);
        await addTests(page, rows);
}

async function addTests(page, rows) {
        for (const [stdin, expected] of rows) {
                await page.click("#add-test");
                await page.locator(".case-stdin").last().fill(stdin);
                await page.locator(".case-expected").last().fill(expected);
        }
}

/* watch: {posts, replies}: every execute request's body and its reply, as they come. */
function watch(page) {
        const io = { posts: [], replies: [] };
        page.on("request", (r) => r.method() === "POST" && io.posts.push(r.postDataJSON()));
        page.on("response", (r) => r.request().method() === "POST" && io.replies.push(r.json()));
        return io;
}

/* runTests: Run tests clicked, the result shown; the reply the page got. */
async function runTests(page, io) {
        const before = io.replies.length;
        await run(page, "#run-tests");
        assert.equal(io.replies.length, before + 1, "one request");
        return io.replies.at(-1);
}

const words = { AC: "Accepted", WA: "Wrong answer", NR: "Not run" };

/* assertVerdicts: the reply's verdicts are WANT, and the page shows each as the
 * executor gave it: code and word on the row and in the result, the checker's message
 * under the row's badge and beside the result's, and none where there is none. */
async function assertVerdicts(page, reply, want) {
        assert.deepEqual(reply.tests.map((t) => t.verdict), want, "the executor's verdicts");
        assert.deepEqual(await page.locator(".case-verdict").allTextContents(), want.map((v) => `${v} ${words[v]}`),
                "each row's badge");
        assert.deepEqual(await page.locator(".case-verdict .badge").evaluateAll((bs) => bs.map((b) => b.dataset.verdict)), want);
        assert.deepEqual(await page.locator(".test-result").evaluateAll((li) => li.map((x) => x.dataset.verdict)), want,
                "each result's verdict");
        assert.deepEqual(await page.locator(".test-result .test-head .verdict").allTextContents(),
                want.map((v) => `${v} ${words[v]}`), "each result's badge");
        for (const [i, t] of reply.tests.entries()) {
                const row = page.locator(".case").nth(i);
                const message = row.locator(".case-message");
                if (t.verdict === "WA") {
                        assert.ok(t.checker_message, "a WA has a message");
                        assert.equal(await message.textContent(), t.checker_message, `test ${i + 1}: the row's message`);
                        assert.equal(await message.isVisible(), true);
                        assert.match(await page.locator(".test-result").nth(i).locator(".test-head").textContent(),
                                new RegExp(escape(t.checker_message)));
                        assert.equal(await page.locator(".test-result").nth(i).locator(".compare").count(), 1,
                                `test ${i + 1}: expected beside actual`);
                } else {
                        assert.equal(t.checker_message, null);
                        assert.equal(await message.isVisible(), false, `test ${i + 1}: no message`);
                }
        }
}

function escape(text) {
        return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const name = process.argv[2];
if (!scenarios[name]) {
        console.error(`unknown scenario ${name}; one of: ${Object.keys(scenarios).join(" ")}`);
        process.exit(2);
}
await scenarios[name]();
console.log(`${name}: OK`);
