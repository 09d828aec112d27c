/* lib/neterr.js: a socket's failure in words, for the line a run ends with. It
 * never touches the network itself. */
"use strict";

/* How long a connection may take to answer at all, and how long a live stream may
 * stay silent: the executor pings every 15 s (stream_ping), so four missed pings
 * mean the server or the path to it is gone. */
const CONNECT_MS = 10000;
const IDLE_MS = 60000;

const words = {
        ECONNREFUSED: "connection refused",
        ENOTFOUND: "no such host",
        EAI_AGAIN: "the host name could not be looked up",
        ECONNRESET: "the connection was reset",
        EHOSTUNREACH: "no route to the host",
        ENETUNREACH: "the network is unreachable",
        ETIMEDOUT: "no answer in time",
        EPIPE: "the connection was closed",
};

/* socketWords(err): "connection refused", or the error's own message. */
function socketWords(err) {
        return words[err && err.code] || String((err && err.message) || err);
}

module.exports = { socketWords, CONNECT_MS, IDLE_MS };
