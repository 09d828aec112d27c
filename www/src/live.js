/* www/src/live.js: one live run over the executor's WebSocket, GET /api/v2/connect
 * (docs/protocol.md "Streaming and interactive runs"), same origin through nginx: ws://
 * or wss:// as the page was loaded. It sends {"type":"init", ...request}, hands each
 * event on, and sends what the person types, signals and resizes. Output is UTF-8
 * text, as xterm takes it: a chunk never ends inside a character, so each is written
 * as it comes, and the done event's result is the text render.js shows in batch. A
 * socket that fails before the `runtime` event (no upgrade, refused, nginx's 502) is
 * "unavailable": the caller may run the request in batch instead; after it, "lost".
 * It never touches the DOM. */

/* How long Stop waits for the run to end after SIGKILL before it closes the socket
 * itself (closing kills the job too, on the executor's side). */
const STOP_GRACE_MS = 2000;

/* openLive(request, on): on.runtime(ev), on.stage(ev), on.data(stream, text),
 * on.exit(ev), on.done(result), on.error(code, message), on.unavailable(why),
 * on.lost(why); exactly one of done, error, unavailable and lost ends a session. */
export function openLive(request, on) {
        const url = new URL("api/v2/connect", location.href);
        url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
        url.hash = "";
        let ws;
        let started = false;
        let ended = false;
        let stopTimer = 0;
        /* Once the run stage has exited nothing typed can reach it, so nothing more is
         * sent. (The executor now awaits our close frame before its own FIN, so what we
         * send late can no longer cost the stream's end through nginx: this is not
         * what keeps the end safe.) */
        let ranOut = false;
        const end = (f, ...args) => {
                if (ended)
                        return;
                ended = true;
                clearTimeout(stopTimer);
                f(...args);
        };
        try {
                ws = new WebSocket(url);
        } catch (e) {
                queueMicrotask(() => end(on.unavailable, String(e.message ?? e)));
                return { stdin() {}, closeStdin() {}, signal() {}, resize() {}, stop() {}, get live() { return false; } };
        }
        /* What is typed before the socket opens follows init, in order. */
        const pending = [];
        ws.addEventListener("open", () => {
                ws.send(JSON.stringify({ type: "init", ...request }));
                for (const ev of pending.splice(0))
                        ws.send(ev);
        });
        ws.addEventListener("message", (m) => {
                let ev;
                try {
                        ev = JSON.parse(m.data);
                } catch {
                        end(on.lost, "the server sent a message that is not JSON");
                        ws.close();
                        return;
                }
                switch (ev.type) {
                case "runtime":
                        started = true;
                        on.runtime(ev);
                        break;
                case "stage":
                        on.stage(ev);
                        break;
                case "data":
                        on.data(ev.stream, ev.data);
                        break;
                case "exit":
                        ranOut = ev.stage === "run";
                        on.exit(ev);
                        break;
                case "done":
                        end(on.done, ev.result);
                        break;
                case "error":
                        end(on.error, ev.error, ev.message);
                        break;
                }
        });
        ws.addEventListener("close", (e) => {
                if (started)
                        end(on.lost, `the connection closed (${e.code}${e.reason ? ` ${e.reason}` : ""})`);
                else
                        end(on.unavailable, `the WebSocket closed before the run began, code ${e.code}`);
        });
        const send = (ev) => {
                if (ended || ranOut)
                        return;
                if (ws.readyState === WebSocket.OPEN)
                        ws.send(JSON.stringify(ev));
                else if (ws.readyState === WebSocket.CONNECTING)
                        pending.push(JSON.stringify(ev));
        };
        return {
                stdin: (text) => send({ type: "data", stream: "stdin", data: text }),
                closeStdin: () => send({ type: "stdin_close" }),
                signal: (name) => send({ type: "signal", signal: name }),
                resize: (rows, cols) => send({ type: "resize", rows, cols }),
                /* stop: SIGKILL; if no end comes within STOP_GRACE_MS, close. */
                stop() {
                        if (ended)
                                return;
                        send({ type: "signal", signal: "SIGKILL" });
                        clearTimeout(stopTimer);
                        stopTimer = setTimeout(() => {
                                ws.close();
                                end(on.lost, "the run did not end within 2 s of Stop: the connection was closed, which ends it");
                        }, STOP_GRACE_MS);
                },
                get live() {
                        return started && !ended;
                },
        };
}
