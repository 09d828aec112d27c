/* www/src/share.js: a program (language, code, stdin, args, tests, how they are judged,
 * tty) as a URL fragment and back: JSON, compressed with the browser's CompressionStream("deflate-raw"),
 * base64url, behind a version prefix. Nothing is stored on a server; the fragment is
 * never sent to one. Decoding trusts nothing: a damaged or foreign fragment throws. */

import { DEFAULT_CHECKER, isChecker } from "./checker.js";

const PREFIX = "1.";
/* A fragment larger than this (compressed) is refused before inflating it. */
const MAX_FRAGMENT = 4 << 20;
const MAX_JSON = 32 << 20;

/* encodeState: {language, code, stdin, args: [string], tests: [{stdin, expected}],
 * checker (checker.js), stopOnFailure, tty} to a fragment without the "#". tty, the
 * checker and stopOnFailure are left out at their defaults: older links read alike. */
export async function encodeState(state) {
        const json = JSON.stringify({
                l: state.language,
                c: state.code,
                i: state.stdin,
                a: state.args,
                t: state.tests.map((x) => [x.stdin, x.expected]),
                y: state.tty ? true : undefined,
                k: state.checker === DEFAULT_CHECKER ? undefined : state.checker,
                s: state.stopOnFailure ? true : undefined,
        });
        const packed = await pipe(new TextEncoder().encode(json), new CompressionStream("deflate-raw"));
        return PREFIX + toBase64url(packed);
}

/* decodeState: the state of encodeState, or null when FRAGMENT is not a shared program. */
export async function decodeState(fragment) {
        if (!fragment.startsWith(PREFIX))
                return null;
        const body = fragment.slice(PREFIX.length);
        if (body.length > MAX_FRAGMENT)
                throw new Error("the link is too long");
        const bytes = fromBase64url(body);
        let json;
        try {
                json = await pipe(bytes, new DecompressionStream("deflate-raw"), MAX_JSON);
        } catch {
                throw new Error("the link is damaged (it does not decompress)");
        }
        let o;
        try {
                o = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
        } catch {
                throw new Error("the link is damaged (it is not JSON)");
        }
        const str = (v) => (typeof v === "string" ? v : "");
        if (!o || typeof o !== "object" || typeof o.l !== "string" || typeof o.c !== "string")
                throw new Error("the link does not hold a program");
        /* A checker this page cannot show is refused, not read as the default: the tests
         * would be judged otherwise than the link's author judged them. */
        if (o.k !== undefined && !isChecker(o.k))
                throw new Error("the link's checker is not one this page knows");
        return {
                language: o.l,
                code: o.c,
                stdin: str(o.i),
                args: Array.isArray(o.a) ? o.a.map(str) : [],
                tests: Array.isArray(o.t) ? o.t.filter(Array.isArray).map((x) => ({ stdin: str(x[0]), expected: str(x[1]) })) : [],
                checker: o.k ?? DEFAULT_CHECKER,
                stopOnFailure: o.s === true,
                tty: o.y === true,
        };
}

async function pipe(bytes, transform, limit = Infinity) {
        const stream = new Blob([bytes]).stream().pipeThrough(transform);
        const chunks = [];
        let size = 0;
        for (const reader = stream.getReader(); ;) {
                const { done, value } = await reader.read();
                if (done)
                        break;
                size += value.length;
                if (size > limit) {
                        reader.cancel();
                        throw new Error("too large");
                }
                chunks.push(value);
        }
        return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

function toBase64url(bytes) {
        let bin = "";
        for (let i = 0; i < bytes.length; i += 0x8000)
                bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
        if (!/^[A-Za-z0-9_-]*$/.test(text))
                throw new Error("the link is damaged (it is not base64url)");
        let bin;
        try {
                bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
        } catch {
                throw new Error("the link is damaged (it is not base64url)");
        }
        return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
