/* lib/ndjson.js: the executor's NDJSON stream (docs/protocol.md, "Streaming and
 * interactive runs") cut back into events. The network hands over bytes in chunks
 * of any size: a chunk may end inside an event, or inside a UTF-8 character of one,
 * so lines are split on the byte 0x0a and only a whole line is decoded: a character
 * cut in two is whole again by then. Blank bytes between events (the executor's
 * keep-alive spaces, blank lines) are skipped. It never touches the network. */
"use strict";

const NL = 0x0a;

/* The longest event line kept while waiting for its end: a data event carries at
 * most 64 KiB of output, a done event the whole reply (16 MiB of output at most,
 * escaped up to 6 bytes a byte). Past it the stream is not the executor's. */
const MAX_LINE_BYTES = 128 * 1024 * 1024;

class StreamError extends Error {}

/* createParser(onEvent): feed(chunk) with each Buffer as it comes, end() once the
 * stream has ended. onEvent(object) gets each event in order. Both throw a
 * StreamError for a line that is not a JSON object, and end() for a stream cut
 * inside an event. */
function createParser(onEvent) {
        let parts = [];        /* the current line's bytes so far, chunk by chunk */
        let held = 0;

        function line(buf) {
                const text = buf.toString("utf8").trim();
                if (text === "")
                        return;
                let ev;
                try {
                        ev = JSON.parse(text);
                } catch {
                        throw new StreamError(`the stream holds a line that is not JSON: ${text.slice(0, 80)}`);
                }
                if (ev === null || typeof ev !== "object" || Array.isArray(ev) || typeof ev.type !== "string")
                        throw new StreamError(`the stream holds a line that is not an event: ${text.slice(0, 80)}`);
                onEvent(ev);
        }

        return {
                feed(chunk) {
                        let start = 0;
                        for (let nl = chunk.indexOf(NL); nl >= 0; nl = chunk.indexOf(NL, start)) {
                                parts.push(chunk.subarray(start, nl));
                                const whole = parts.length === 1 ? parts[0] : Buffer.concat(parts);
                                parts = [];
                                held = 0;
                                start = nl + 1;
                                line(whole);
                        }
                        if (start < chunk.length) {
                                held += chunk.length - start;
                                if (held > MAX_LINE_BYTES)
                                        throw new StreamError("the stream holds a line over 128 MiB");
                                parts.push(chunk.subarray(start));
                        }
                },
                end() {
                        const rest = Buffer.concat(parts);
                        parts = [];
                        if (rest.toString("utf8").trim() !== "")
                                throw new StreamError("the stream ended inside an event");
                },
        };
}

/* parseEvent(text): one WebSocket message as an event, by the same rules. */
function parseEvent(text) {
        let ev;
        createParser((e) => { ev = e; }).feed(Buffer.from(text.replace(/\n/g, " ") + "\n"));
        if (!ev)
                throw new StreamError("the server sent an empty message");
        return ev;
}

module.exports = { createParser, parseEvent, StreamError };
