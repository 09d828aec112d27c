/* tools/bench/browser-echo.mjs URL N WARMUP: make bench's browser figure (tools/bench/run).
 * Debian's chromium, driven by playwright-core, opens the playground at URL (nginx in
 * front of a real executor), starts a tty run of `exec cat` in bash, and types N keys
 * into the terminal after WARMUP untimed, one at a time: each the time from the key's
 * keydown in the page to the moment its echo (the pty's, through the executor, the
 * WebSocket and nginx) is drawn in xterm's rows, seen by a MutationObserver. Prints one
 * line as stream-latency.py does: browser n median_us p10_us p90_us p99_us, or "browser
 * failed" (said why on stderr). Bounded: 5 s a key, 120 s in all. Loopback only. */
import { launch, open, startLive } from "../../tests/www/browser/lib.mjs";

const [url, n, warm] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const KEYS = "abcdefghijklmnopqrstuvwxyz";

function pct(t, p) {
        const i = Math.max(0, Math.min(t.length - 1, Math.ceil((t.length * p) / 100) - 1));
        return t[i];
}

async function measure() {
        const b = await launch();
        try {
                const page = await open(b.context, url);
                await startLive(page, "bash", "exec cat\n", { tty: true });
                await page.focus("#terminal .xterm-helper-textarea");
                const t = [];
                let typed = "";
                for (let i = -warm; i < n; i++) {
                        const key = KEYS[(i + warm) % KEYS.length];
                        typed += key;
                        /* Armed before the key is sent: the keydown and the rows are watched. */
                        await page.evaluate((expect) => {
                                const rows = document.querySelector("#terminal .xterm-rows");
                                window.__echo = new Promise((resolve, reject) => {
                                        let t0;
                                        const seen = () => rows.textContent.replace(/\u00a0/g, " ").includes(expect);
                                        const done = () => {
                                                if (t0 === undefined || !seen())
                                                        return;
                                                obs.disconnect();
                                                clearTimeout(timer);
                                                resolve(performance.now() - t0);
                                        };
                                        document.addEventListener("keydown", () => { t0 = performance.now(); done(); },
                                                { capture: true, once: true });
                                        const obs = new MutationObserver(done);
                                        obs.observe(rows, { subtree: true, childList: true, characterData: true });
                                        const timer = setTimeout(() => { obs.disconnect(); reject(new Error(`no echo of ${expect.at(-1)} in 5 s`)); }, 5000);
                                });
                        }, typed);
                        await page.keyboard.press(key);
                        const ms = await page.evaluate(() => window.__echo);
                        if (i >= 0)
                                t.push(Math.round(ms * 1000));
                }
                await page.click("#stop");
                return t.sort((x, y) => x - y);
        } finally {
                await b.close();
        }
}

const timer = setTimeout(() => {
        console.error("browser-echo: not done within 120 s");
        console.log("browser failed");
        process.exit(1);
}, 120000);
try {
        const t = await measure();
        console.log(`browser ${t.length} ${pct(t, 50)} ${pct(t, 10)} ${pct(t, 90)} ${pct(t, 99)}`);
        clearTimeout(timer);
} catch (e) {
        console.error(`browser-echo: ${e.message}`);
        console.log("browser failed");
        process.exit(1);
}
