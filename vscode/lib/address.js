/* lib/address.js: the coderun.server setting as the URLs a run uses. The server is
 * an http:// or https:// URL: the executor's own port (it speaks HTTP beside raw
 * JSON) or a proxy in front of it, such as the playground's nginx, optionally under
 * a path prefix. Anything else is refused with the setting's name, never guessed
 * at: a bare HOST:PORT is the CLI's raw TCP, which a proxy would not pass, so it is
 * named as such rather than quietly read as http://. It never touches the network. */
"use strict";

class AddressError extends Error {}

/* parseServer(text): { base, runtimes, execute, connect } as URL strings (connect is
 * ws:// or wss://); throws an AddressError that says what to write instead. */
function parseServer(text) {
        if (typeof text !== "string" || text.trim() === "")
                throw new AddressError("coderun.server is empty: give the server's URL, e.g. http://127.0.0.1:7070");
        const s = text.trim();
        let url;
        try {
                url = new URL(s);
        } catch {
                url = null;
        }
        if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
                const hint = /^[\w.-]+:\d+$/.test(s) || /^\[[\d:a-f]+\]:\d+$/i.test(s)
                        ? `; for the executor itself write http://${s}` : "";
                throw new AddressError(`coderun.server "${s}" is not an http:// or https:// URL${hint}`);
        }
        if (url.username || url.password)
                throw new AddressError("coderun.server must not carry a user name or password");
        url.search = "";
        url.hash = "";
        if (!url.pathname.endsWith("/"))
                url.pathname += "/";
        const at = (path) => new URL(path, url).toString();
        const ws = new URL("api/v2/connect", url);
        ws.protocol = url.protocol === "https:" ? "wss:" : "ws:";
        return {
                base: url.toString(),
                runtimes: at("api/v2/runtimes"),
                execute: at("api/v2/execute"),
                connect: ws.toString(),
        };
}

module.exports = { parseServer, AddressError };
