/* tests/vscode/render.mjs: a run of examples/ask.py as the extension shows it, drawn
 * by xterm.js (the terminal VS Code's own is built on) in Debian's chromium: the
 * bytes are those the extension's pty adapter wrote (lib/run.js against the server in
 * CODERUN_TEST_SERVER, the answer typed through the adapter as VS Code would hand it
 * over), so escapes and line ends are checked as a terminal takes them, in make test,
 * where no VS Code runs (make vscode-e2e has one). It checks the rows drawn, then
 * saves the picture to OUT (default build/screenshots/vscode-terminal.png). */
import { createRequire } from "node:module";
import { readFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { launch } from "../www/browser/lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "vscode", "lib", "run.js"));
const { run, createRuntimes } = require("./run.js");
const { readSettings } = require("./settings.js");
const { createPtyAdapter } = require("./pty.js");
const { find } = require("./langmap.js");

const out = process.env.OUT || join(root, "build", "screenshots", "vscode-terminal.png");
const settings = readSettings((k) => ({ server: process.env.CODERUN_TEST_SERVER })[k]);
const runtime = find(await createRuntimes().list(settings.server), "python");
const file = join(root, "examples", "ask.py");

let bytes = "";
const view = createPtyAdapter((t) => { bytes += t; });
const { done } = run({ settings, doc: { fileName: file, languageId: "python", text: readFileSync(file, "utf8") },
                       runtime, view });
const deadline = Date.now() + 60000;
while (!bytes.includes("name? ")) {
        assert.ok(Date.now() < deadline, "the prompt came within 60 s");
        await new Promise((r) => setTimeout(r, 20));
}
for (const key of "Ada")
        view.input(key);
view.input("\r");
await done;

const browser = await launch({ viewport: { width: 760, height: 150 } });
try {
        const page = await browser.context.newPage();
        await page.setContent(`<!doctype html><meta charset="utf-8">
<style>
body { margin: 0; background: #1e1e1e; font: 13px system-ui, sans-serif; color: #ccc; }
header { display: flex; gap: 18px; padding: 6px 14px; border-top: 1px solid #333;
         text-transform: uppercase; font-size: 11px; letter-spacing: .04em; }
header b { color: #e7e7e7; border-bottom: 1px solid #e7e7e7; font-weight: normal; }
header span:last-child { margin-left: auto; text-transform: none; }
#t { padding: 4px 14px; }
</style>
<header><span>Problems</span><span>Output</span><b>Terminal</b><span>coderun</span></header><div id="t"></div>`);
        await page.addStyleTag({ path: join(root, "node_modules", "@xterm", "xterm", "css", "xterm.css") });
        await page.addScriptTag({ path: join(root, "node_modules", "@xterm", "xterm", "lib", "xterm.js") });
        const rows = await page.evaluate((data) => new Promise((resolve) => {
                const term = new window.Terminal({ rows: 6, cols: 80, fontSize: 14, cursorBlink: false,
                        theme: { background: "#1e1e1e", foreground: "#cccccc", brightBlack: "#8b8b8b", red: "#f14c4c" } });
                term.open(document.getElementById("t"));
                term.write(data, () => {
                        const b = term.buffer.active;
                        const lines = [];
                        for (let i = 0; i < b.length; i++)
                                lines.push(b.getLine(i).translateToString(true));
                        resolve(lines);
                });
        }), bytes);
        const text = rows.join("\n");
        assert.match(text, /^\[ask\.py · python [\d.]+\]\nWhat is your name\? Ada\nHello, Ada!\n\[exit 0 · \d+\.\d\d s · \d+ (KiB|MiB)\]/);
        mkdirSync(dirname(out), { recursive: true });
        await page.screenshot({ path: out });
        console.log(text.trimEnd());
} finally {
        await browser.close();
}
