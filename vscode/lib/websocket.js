/* lib/websocket.js: a live run over the executor's WebSocket, GET /api/v2/connect
 * (docs/protocol.md, "Streaming and interactive runs"): {"type":"init", ...request}
 * first, then the events one per message, and what the person types, signals and
 * resizes as client events. The WebSocket, not raw TCP's NDJSON, because a server
 * URL may be a proxy (the playground's nginx, a balancer) that passes HTTP and its
 * upgrade but not the executor's raw protocol; and through the `ws` package because
 * node 20, which tests this, has no stable WebSocket of its own (VS Code's own node
 * may), and a framing written here would be one more to get wrong. It reports each
 * failure as an object for lib/session.js and decides nothing. */
"use strict";

const WebSocket = require("ws");
const { parseEvent } = require("./ndjson");
const { retryAfter } = require("./http");
const { socketWords, CONNECT_MS, IDLE_MS } = require("./neterr");

/* A message above this is not the executor's: its largest event, done, carries at
 * most 16 MiB of output, escaped. */
const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

/* openLive(url, request, on): on.event(ev) for each event, then on.end(failure)
 * once (undefined when the socket closed as the protocol closes it). Returns
 * { send(ev), close() }; send is false once the socket cannot take it. */
function openLive(url, request, on) {
        let ended = false;
        let opened = false;
        let idle = null;
        const end = (failure) => {
                if (ended)
                        return;
                ended = true;
                clearTimeout(idle);
                on.end(failure);
        };
        const ws = new WebSocket(url, { handshakeTimeout: CONNECT_MS, maxPayload: MAX_MESSAGE_BYTES,
                                        perMessageDeflate: false });
        const poke = () => {
                clearTimeout(idle);
                idle = setTimeout(() => {
                        ws.terminate();
                        end({ kind: "lost", message: `no word from the server in ${IDLE_MS / 1000} s` });
                }, IDLE_MS);
        };
        ws.on("open", () => {
                opened = true;
                poke();
                ws.send(JSON.stringify({ type: "init", ...request }));
        });
        ws.on("ping", poke);
        ws.on("message", (data, binary) => {
                poke();
                if (ended)
                        return;
                let ev;
                try {
                        if (binary)
                                throw new Error("the server sent a binary message");
                        ev = parseEvent(data.toString("utf8"));
                } catch (e) {
                        ws.terminate();
                        end({ kind: "bad", message: e.message });
                        return;
                }
                on.event(ev);
        });
        /* An answer other than 101: a proxy's, since the executor upgrades or says 400. */
        ws.on("unexpected-response", (req, res) => {
                const parts = [];
                res.on("data", (c) => parts.push(c));
                res.on("end", () => {
                        const body = Buffer.concat(parts).toString("utf8");
                        let failure;
                        if (res.statusCode === 503)
                                failure = { kind: "busy", retryAfter: retryAfter(res), message: "" };
                        else if (res.statusCode === 502 || res.statusCode === 504)
                                failure = { kind: "down", status: res.statusCode,
                                            message: `the proxy got no answer from the executor (HTTP ${res.statusCode})` };
                        else
                                failure = { kind: "bad", status: res.statusCode,
                                            message: `the server answered HTTP ${res.statusCode} to the WebSocket upgrade` +
                                                     (body.trim() ? `: ${body.trim().slice(0, 120)}` : "") +
                                                     " (a proxy without WebSocket support?)" };
                        req.destroy();
                        end(failure);
                });
        });
        ws.on("error", (e) => end({ kind: opened ? "lost" : "unreachable", message: socketWords(e) }));
        ws.on("close", (code, reason) => {
                /* 4999 follows done and 4002 an error event: the session has those. */
                if (code === 4999 || code === 4002)
                        return end(undefined);
                end({ kind: "lost", message: `the connection closed (${code}${reason.length ? ` ${reason}` : ""})` });
        });
        return {
                send(ev) {
                        if (ended || ws.readyState !== WebSocket.OPEN)
                                return false;
                        ws.send(JSON.stringify(ev));
                        return true;
                },
                close() {
                        ws.terminate();
                        end({ kind: "closed" });
                },
        };
}

module.exports = { openLive };
