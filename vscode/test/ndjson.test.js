/* The NDJSON parser fed the way a network feeds it: cut at every byte, inside
 * events and inside UTF-8 characters, one byte at a time, with the executor's
 * keep-alive spaces between events; and refusing what is not an event stream. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { createParser, parseEvent, StreamError } = require("../lib/ndjson");

const events = [
        { type: "runtime", language: "python", version: "3.11.2" },
        { type: "stage", stage: "run" },
        { type: "data", stream: "stdout", data: "héllo ✓ 😀 ü\n" },
        { type: "data", stream: "stderr", data: "日本語" },
        { type: "exit", stage: "run", code: 0, signal: null, status: null },
        { type: "done", result: { run: { stdout: "héllo ✓ 😀 ü\n" } } },
];
/* As the executor writes it: one event a line, a space between some (its probes). */
const stream = Buffer.from(events.map((e, i) => JSON.stringify(e) + "\n" + (i % 2 ? "  " : "")).join("") + "\n");

function parse(chunks) {
        const got = [];
        const p = createParser((e) => got.push(e));
        for (const c of chunks)
                p.feed(c);
        p.end();
        return got;
}

test("a stream cut in two at every byte, UTF-8 characters included, gives the same events", () => {
        const multibyte = [...stream.entries()].filter(([, b]) => b >= 0x80).length;
        assert.ok(multibyte > 20, "the stream holds cuts inside UTF-8 characters");
        for (let i = 0; i <= stream.length; i++)
                assert.deepEqual(parse([stream.subarray(0, i), stream.subarray(i)]), events, `cut at byte ${i}`);
});

test("a stream fed one byte at a time gives the same events", () => {
        const bytes = [];
        for (let i = 0; i < stream.length; i++)
                bytes.push(stream.subarray(i, i + 1));
        assert.deepEqual(parse(bytes), events);
});

test("a character cut between chunks is never decoded half: no U+FFFD appears", () => {
        const s = Buffer.from(JSON.stringify({ type: "data", stream: "stdout", data: "😀" }) + "\n");
        const at = s.indexOf(0xf0);
        for (let k = 1; k < 4; k++) {
                const [ev] = parse([s.subarray(0, at + k), s.subarray(at + k)]);
                assert.equal(ev.data, "😀");
        }
});

test("a line that is not JSON, or not an event, is refused", () => {
        assert.throws(() => parse([Buffer.from("HTTP/1.1 200 OK\n")]), StreamError);
        assert.throws(() => parse([Buffer.from("[1,2]\n")]), StreamError);
        assert.throws(() => parse([Buffer.from('{"no":"type"}\n')]), StreamError);
});

test("a stream that ends inside an event is refused at its end", () => {
        const p = createParser(() => {});
        p.feed(Buffer.from('{"type":"stage","sta'));
        assert.throws(() => p.end(), /ended inside an event/);
});

test("a WebSocket message is one event by the same rules", () => {
        assert.deepEqual(parseEvent('{"type":"stage","stage":"compile"}'), { type: "stage", stage: "compile" });
        assert.throws(() => parseEvent("not json"), StreamError);
        assert.throws(() => parseEvent(""), StreamError);
});
