/* lib/http.js: the executor's HTTP API through node's http and https modules: the
 * runtime list (GET /api/v2/runtimes) and a run that only listens, POST
 * /api/v2/execute with Accept: application/x-ndjson, whose events come as NDJSON
 * (docs/protocol.md). Such a run takes no typed input (its stdin is the request's,
 * then end of file): the test cases and the output-channel mode need no more, and a
 * plain HTTP POST passes every proxy. It never decides what a failure means to the
 * person: it reports each as a failure object, for lib/session.js. */
"use strict";

const http = require("node:http");
const https = require("node:https");
const { createParser, StreamError } = require("./ndjson");
const { socketWords, CONNECT_MS, IDLE_MS } = require("./neterr");

/* A runtime list or an error reply is small; more is not the executor's answer. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024;

function lib(url) {
        return new URL(url).protocol === "https:" ? https : http;
}

/* retryAfter(res): the Retry-After header in seconds (1, the executor's, when it is
 * absent or a date, which the executor never sends). */
function retryAfter(res) {
        const v = Number.parseInt(res.headers["retry-after"] ?? "", 10);
        return Number.isFinite(v) && v >= 0 && v <= 60 ? v : 1;
}

/* failureOf(res, body): the failure an error answer stands for: busy (503, with its
 * Retry-After), the executor's {error, message}, or a proxy's bare status. */
function failureOf(res, body) {
        let data;
        try {
                data = JSON.parse(body);
        } catch {
                data = undefined;
        }
        const code = data && typeof data.error === "string" ? data.error : "";
        const message = data && typeof data.message === "string" ? data.message : "";
        if (res.statusCode === 503)
                return { kind: "busy", retryAfter: retryAfter(res), message };
        if (code)
                return { kind: "refused", status: res.statusCode, code, message };
        if (res.statusCode === 502 || res.statusCode === 504)
                return { kind: "down", status: res.statusCode,
                         message: `the proxy got no answer from the executor (HTTP ${res.statusCode})` };
        return { kind: "bad", status: res.statusCode,
                 message: `the server answered HTTP ${res.statusCode} ${res.statusMessage || ""}`.trim() };
}

/* readBody(res, cb): the whole body as text, at most MAX_REPLY_BYTES. */
function readBody(res, cb) {
        const parts = [];
        let n = 0;
        res.on("data", (c) => {
                n += c.length;
                if (n > MAX_REPLY_BYTES) {
                        res.destroy();
                        return;
                }
                parts.push(c);
        });
        res.on("end", () => cb(Buffer.concat(parts).toString("utf8")));
        res.on("error", () => cb(Buffer.concat(parts).toString("utf8")));
}

/* getRuntimes(url): the runtime list; rejects with a failure object. */
function getRuntimes(url) {
        return new Promise((resolve, reject) => {
                const req = lib(url).get(url, { headers: { Accept: "application/json" }, timeout: CONNECT_MS });
                req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
                req.on("error", (e) => reject({ kind: "unreachable", message: socketWords(e) }));
                req.on("response", (res) => readBody(res, (body) => {
                        if (res.statusCode !== 200)
                                return reject(failureOf(res, body));
                        let list;
                        try {
                                list = JSON.parse(body);
                        } catch {
                                list = null;
                        }
                        if (!Array.isArray(list) || list.some((r) => !r || typeof r.language !== "string"))
                                return reject({ kind: "bad", message: "the runtime list is not a list of runtimes" });
                        resolve(list);
                }));
        });
}

/* openListen(url, request, on): the run as NDJSON events. on.event(ev) for each,
 * then on.end(failure) once: failure undefined when the stream ended as a stream
 * does (the session knows whether its done event came). Returns { send, close }:
 * send refuses (the protocol takes no client events over HTTP), close ends the run
 * (the executor kills a job whose client left). */
function openListen(url, request, on) {
        const body = Buffer.from(JSON.stringify(request));
        let ended = false;
        let idle = null;
        const end = (failure) => {
                if (ended)
                        return;
                ended = true;
                clearTimeout(idle);
                on.end(failure);
        };
        const req = lib(url).request(url, {
                method: "POST",
                headers: { "Content-Type": "application/json", "Content-Length": body.length,
                           Accept: "application/x-ndjson" },
        });
        let connect = setTimeout(() => {
                req.destroy();
                end({ kind: "unreachable", message: socketWords({ code: "ETIMEDOUT" }) });
        }, CONNECT_MS);
        const poke = () => {
                clearTimeout(idle);
                idle = setTimeout(() => {
                        req.destroy();
                        end({ kind: "lost", message: `no word from the server in ${IDLE_MS / 1000} s` });
                }, IDLE_MS);
        };
        req.on("error", (e) => {
                clearTimeout(connect);
                end({ kind: connect ? "unreachable" : "lost", message: socketWords(e) });
        });
        req.on("response", (res) => {
                clearTimeout(connect);
                connect = null;
                const type = String(res.headers["content-type"] || "");
                if (res.statusCode !== 200 || !type.startsWith("application/x-ndjson"))
                        return readBody(res, (text) => end(res.statusCode === 200
                                ? { kind: "bad", message: `the server answered ${type || "no type"}, not NDJSON` }
                                : failureOf(res, text)));
                const parser = createParser((ev) => {
                        if (!ended)
                                on.event(ev);
                });
                poke();
                res.on("data", (chunk) => {
                        poke();
                        try {
                                parser.feed(chunk);
                        } catch (e) {
                                req.destroy();
                                end({ kind: "bad", message: e.message });
                        }
                });
                res.on("end", () => {
                        try {
                                parser.end();
                                end(undefined);
                        } catch (e) {
                                end({ kind: e instanceof StreamError ? "lost" : "bad", message: e.message });
                        }
                });
                res.on("error", (e) => end({ kind: "lost", message: socketWords(e) }));
        });
        req.end(body);
        return {
                send() {
                        return false;
                },
                close() {
                        req.destroy();
                        end({ kind: "closed" });
                },
        };
}

module.exports = { getRuntimes, openListen, failureOf, retryAfter };
