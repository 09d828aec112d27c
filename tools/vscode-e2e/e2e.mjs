/* tools/vscode-e2e/e2e.mjs URL: the extension in a real VS Code (code-server at URL,
 * the .vsix installed, its workspace holding ask.py, bad.c and wait.sh), driven in
 * Debian's chromium as a person would: Quick Open, the Run key in the editor, typing
 * into the terminal, Stop's key. It checks what VS Code shows (the terminal's rows,
 * the squiggle, the Problems count) and saves screenshots to SHOTS. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { launch } from "../../tests/www/browser/lib.mjs";

const url = process.argv[2];
const shots = process.env.SHOTS || "build/screenshots";
mkdirSync(shots, { recursive: true });

const browser = await launch({ viewport: { width: 1100, height: 640 } });
try {
        const page = await browser.context.newPage();
        await page.goto(url);
        await page.waitForSelector(".monaco-workbench", { timeout: 120000 });
        /* The extension host starts after the workbench shows. */
        await page.waitForTimeout(3000);

        const rows = () => page.evaluate(() => [...document.querySelectorAll(".terminal .xterm-rows > div")]
                .map((d) => d.textContent.replace(/\s+$/, "")).join("\n").trim());
        const until = async (re, what) => {
                const end = Date.now() + 90000;
                for (;;) {
                        const t = await rows();
                        if (re.test(t))
                                return t;
                        assert.ok(Date.now() < end, `${what} did not show; the terminal:\n${t}`);
                        await page.waitForTimeout(200);
                }
        };
        /* A toast (code-server's note on terminal keybindings) would hide the terminal
         * in the pictures: they are taken without toasts. */
        const shot = async (name) => {
                await page.evaluate(() => document.querySelectorAll(".notification-toast-container").forEach((e) => e.remove()));
                await page.screenshot({ path: join(shots, name) });
        };
        const open = async (name) => {
                await page.keyboard.press("Control+P");
                await page.waitForSelector(".quick-input-widget input", { state: "visible" });
                await page.waitForTimeout(500);
                await page.keyboard.type(name);
                await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { timeout: 30000 });
                await page.keyboard.press("Enter");
                await page.waitForSelector(`.tab.active[data-resource-name="${name}"]`, { timeout: 30000 });
                await page.click(".monaco-editor .view-lines");
        };

        /* A run that asks: the prompt shows, the answer typed in the terminal reaches it. */
        await open("ask.py");
        await page.keyboard.press("Control+Alt+Enter");
        await until(/What is your name\?$/m, "the prompt");
        await page.keyboard.type("Ada");
        await page.keyboard.press("Enter");
        const t = await until(/\[exit 0 · /, "the outcome");
        assert.match(t, /^\[ask\.py · python [\d.]+\]\nWhat is your name\? Ada\nHello, Ada!\n\[exit 0 · \d+\.\d\d s · \d+ (KiB|MiB)\]$/);
        await shot("vscode-e2e-run.png");

        /* A compile error: the line in the terminal, the squiggle, the Problems count. */
        await open("bad.c");
        await page.keyboard.press("Control+Alt+Enter");
        await until(/\[compile error: exit 1 · .*\(1 in Problems\)/, "the compile error");
        await page.waitForSelector(".monaco-editor .squiggly-error", { timeout: 30000 });
        const badge = await page.textContent(".panel .composite-bar [aria-label^='Problems'] .badge-content")
                .catch(() => "");
        assert.match(badge || "", /^[12]$/, "the Problems panel counts the error (and gcc's note)");
        await shot("vscode-e2e-problems.png");

        /* Stop's key, from the editor, while a program runs. */
        await open("wait.sh");
        await page.keyboard.press("Control+Alt+Enter");
        await until(/^up$/m, "the start");
        await page.click(".monaco-editor .view-lines");
        await page.keyboard.press("Control+Alt+M");
        await until(/\[stopped · /, "the stop");
        console.log((await rows()).trimEnd());
} finally {
        await browser.close();
}
