/* lib/session.js: one run from request to outcome, whatever carries it: live over
 * the WebSocket (typing, signals, a resize) or listening over HTTP's NDJSON. It
 * retries a busy server after its Retry-After (every slot taken is the one failure
 * that goes away by waiting), keeps what is typed before the run has begun so that
 * a retry sends it again, stops a run (SIGKILL, then closing the connection, which
 * kills the job too), and ends every run with exactly one outcome. It never writes
 * anything for the person to read: lib/words.js says outcomes in words. */
"use strict";

const { openLive } = require("./websocket");
const { openListen } = require("./http");

/* How often a busy server is tried again before the run gives up, each time after
 * its Retry-After (1 s from the executor): half a minute of waiting at most. */
const BUSY_TRIES = 30;
/* How long Stop waits for the run's end after SIGKILL before it closes the
 * connection itself. */
const STOP_GRACE_MS = 2000;

/* startSession({ urls, request, live, on }): urls from lib/address.js; live picks
 * the WebSocket, else the NDJSON stream. on.event(ev) gets runtime, stage, data and
 * exit events; on.busy(tries, seconds) each wait; on.end(outcome) once, with
 * outcome one of
 *   { kind: "done", result, stopped }   the run's whole reply (stopped: by Stop)
 *   { kind: "error", code, message }    the server refused or ended the run
 *   { kind: "stopped" }                 Stop, before the run gave a result
 *   { kind: "busy", tries }             still busy after BUSY_TRIES tries
 *   { kind: "unreachable" | "down" | "lost" | "bad" | "refused", message, ... }
 * Returns { send(ev), stop(), running }. */
function startSession({ urls, request, live, on, busyTries = BUSY_TRIES }) {
        let conn = null;
        let started = false;        /* the runtime event came: a slot is ours */
        let ranOut = false;         /* the run stage exited: nothing typed can reach it */
        let stopping = false;
        let ended = false;
        let tries = 0;
        let timer = null;
        let result = null;
        let refusal = null;
        const early = [];           /* client events before the run began */

        const finish = (outcome) => {
                if (ended)
                        return;
                ended = true;
                clearTimeout(timer);
                on.end(outcome);
        };

        const retry = (seconds) => {
                tries++;
                if (tries >= busyTries)
                        return finish({ kind: "busy", tries });
                on.busy(tries, seconds);
                timer = setTimeout(connect, seconds * 1000);
        };

        const handlers = {
                event(ev) {
                        switch (ev.type) {
                        case "runtime":
                                started = true;
                                for (const e of early.splice(0))
                                        conn.send(e);
                                break;
                        case "exit":
                                if (ev.stage === "run" && ev.test === undefined)
                                        ranOut = true;
                                break;
                        case "done":
                                result = ev.result;
                                return;
                        case "error":
                                refusal = ev;
                                return;
                        case "ping":
                                return;
                        }
                        on.event(ev);
                },
                end(failure) {
                        conn = null;
                        if (ended)
                                return;
                        if (result)
                                return finish({ kind: "done", result, stopped: stopping });
                        if (refusal && refusal.error === "busy" && !started && !stopping)
                                return retry(1);
                        if (refusal)
                                return finish({ kind: "error", code: refusal.error, message: refusal.message });
                        if (stopping)
                                return finish({ kind: "stopped" });
                        if (failure && failure.kind === "busy")
                                return retry(failure.retryAfter);
                        finish(failure || { kind: "lost", message: "the connection closed before the run ended" });
                },
        };

        function connect() {
                timer = null;
                started = false;
                refusal = null;
                conn = (live ? openLive(urls.connect, request, handlers)
                             : openListen(urls.execute, request, handlers));
        }

        connect();
        return {
                /* send: a client event (stdin data, stdin_close, signal, resize). */
                send(ev) {
                        if (ended || ranOut || !live)
                                return;
                        if (!started)
                                early.push(ev);
                        else if (conn)
                                conn.send(ev);
                },
                /* stop: SIGKILL to a running program; otherwise, or if no end comes
                 * within STOP_GRACE_MS, the connection is closed. */
                stop() {
                        if (ended || stopping)
                                return;
                        stopping = true;
                        if (!conn) {
                                finish({ kind: "stopped" });
                                return;
                        }
                        if (!(live && started && !ranOut && conn.send({ type: "signal", signal: "SIGKILL" }))) {
                                conn.close();
                                return;
                        }
                        timer = setTimeout(() => conn && conn.close(), STOP_GRACE_MS);
                },
                get running() {
                        return !ended;
                },
        };
}

module.exports = { startSession };
