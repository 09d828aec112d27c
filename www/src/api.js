/* www/src/api.js: the executor's HTTP API as the page uses it (docs/protocol.md),
 * through nginx. Every failure becomes one ApiError whose kind says what the person
 * can do about it: the executor down (nginx 502/504), busy (503), a refused request
 * (the executor's {error, message}), or no answer at all. It never touches the DOM. */

export class ApiError extends Error {
        /* kind: "down" | "busy" | "refused" | "unreachable" | "bad_reply" */
        constructor(kind, message, { status = 0, code = "", retryAfter = "" } = {}) {
                super(message);
                this.kind = kind;
                this.status = status;
                this.code = code;
                this.retryAfter = retryAfter;
        }
}

export function runtimes() {
        return call("api/v2/runtimes");
}

export function execute(request) {
        return call("api/v2/execute", request);
}

/* Relative paths: the page works under any prefix nginx serves it from. */
async function call(path, body) {
        const init = body === undefined
                ? { headers: { Accept: "application/json" } }
                : { method: "POST", headers: { "Content-Type": "application/json" },
                    body: JSON.stringify(body) };
        let res;
        try {
                res = await fetch(path, init);
        } catch {
                throw new ApiError("unreachable",
                        "The web server cannot be reached. Is it running, and is the network up?");
        }
        const text = await res.text().catch(() => "");
        let data;
        try {
                data = JSON.parse(text);
        } catch {
                data = undefined;
        }
        if (res.status === 502 || res.status === 504) {
                throw new ApiError("down", res.status === 502
                        ? "The code runner is down: the web server got no answer from it (HTTP 502). Try again in a moment."
                        : "The code runner did not answer in time (HTTP 504). Try again in a moment.",
                        { status: res.status });
        }
        if (res.status === 503) {
                const retryAfter = res.headers.get("Retry-After") ?? "";
                throw new ApiError("busy",
                        `The server is busy: every job slot is taken (HTTP 503). Try again${retryAfter ? ` in ${retryAfter} s` : " shortly"}.`,
                        { status: 503, retryAfter, code: data?.error ?? "" });
        }
        if (data && typeof data === "object" && typeof data.error === "string") {
                throw new ApiError("refused", `The server refused the request: ${data.message ?? data.error}`,
                        { status: res.status, code: data.error });
        }
        if (!res.ok) {
                throw new ApiError("refused", `The server answered HTTP ${res.status} ${res.statusText}.`,
                        { status: res.status });
        }
        if (data === undefined) {
                throw new ApiError("bad_reply", "The server's answer was not JSON.", { status: res.status });
        }
        return data;
}

/* eventError: a stream's error event as the ApiError the same batch request would have
 * thrown (docs/protocol.md "Errors"), so that both show alike. A busy executor answers
 * a batch request with Retry-After: 1 (the protocol's fixed value). */
export function eventError(code, message) {
        if (code === "busy")
                return new ApiError("busy", "The server is busy: every job slot is taken. Try again in 1 s.",
                        { code, retryAfter: "1" });
        return new ApiError("refused", `The server refused the request: ${message ?? code}`, { code });
}
