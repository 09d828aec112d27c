/* lib/diagnostics.js: a compiler's messages as problems on lines, for VS Code's
 * diagnostics: gcc and clang ("main.c:3:5: error: ..."), go, kotlin and others of
 * that shape (no severity word: an error), javac ("Main.java:3: error: ..." with the
 * column from its caret line), rustc ("error[E0425]: ..." then " --> main.rs:2:20"),
 * tsc and mcs ("main.ts(3,5): error TS2322: ..."), nim and fpc ("main.nim(3, 5)
 * Error: ..."). Files are named as the compiler saw them in the job's /box and are
 * given back relative to it; a message with no line is left out (the terminal shows
 * it whole). It touches nothing. */
"use strict";

const SEVERITY = {
        "fatal error": "error", error: "error", Error: "error", Fatal: "error",
        warning: "warning", Warning: "warning",
        note: "info", info: "info", Hint: "info", Note: "info", help: "info",
};

/* gcc, clang, go, kotlin: FILE:LINE:COL: [SEVERITY: ]MESSAGE */
const COLON = /^(.+?):(\d+):(\d+): (?:(fatal error|error|warning|note|info)(?:\[[^\]]*\])?: )?(.*)$/;
/* javac: FILE:LINE: SEVERITY: MESSAGE, the source line and a caret line after it */
const JAVAC = /^(.+?\.java):(\d+): (error|warning): (.*)$/;
/* rustc: SEVERITY[CODE]: MESSAGE, then --> FILE:LINE:COL */
const RUST_HEAD = /^(error|warning|note|help)(?:\[\w+\])?: (.*)$/;
const RUST_AT = /^\s*--> (.+?):(\d+):(\d+)$/;
/* tsc, mcs: FILE(LINE,COL): SEVERITY CODE: MESSAGE */
const PAREN = /^(.+?)\((\d+),(\d+)\): (error|warning) (?:\w+: )?(.*)$/;
/* nim, fpc: FILE(LINE, COL) SEVERITY: MESSAGE */
const PAREN_WORD = /^(.+?)\((\d+), ?(\d+)\) (Error|Warning|Hint|Fatal|Note): (.*)$/;

/* inBox(name): the file as the request named it: the job's /box and a ./ dropped. */
function inBox(name) {
        return name.replace(/^\/box\//, "").replace(/^(\.\/)+/, "");
}

/* parseDiagnostics(text): [{ file, line, column, severity, message }], lines and
 * columns from 1 (column null when the compiler gives none), in the compiler's order,
 * each once. */
function parseDiagnostics(text) {
        const lines = String(text || "").replace(/\r\n/g, "\n").split("\n");
        const out = [];
        const seen = new Set();
        const add = (file, line, column, severity, message) => {
                const d = { file: inBox(file), line: Number(line), column: column ? Number(column) : null,
                            severity: SEVERITY[severity] || "error", message: message.trim() };
                const key = JSON.stringify(d);
                if (d.line < 1 || !d.file || seen.has(key))
                        return;
                seen.add(key);
                out.push(d);
        };
        let rustHead = null;
        for (let i = 0; i < lines.length; i++) {
                const l = lines[i];
                let m;
                if ((m = JAVAC.exec(l))) {
                        /* The caret's offset in its line is the column in the source line
                         * above it, which javac prints as it is. */
                        const caret = lines[i + 2] !== undefined ? lines[i + 2].indexOf("^") : -1;
                        const column = caret >= 0 && /^\s*\^\s*$/.test(lines[i + 2]) ? caret + 1 : null;
                        add(m[1], m[2], column, m[3], m[4]);
                } else if ((m = RUST_HEAD.exec(l))) {
                        rustHead = { severity: m[1], message: m[2] };
                } else if ((m = RUST_AT.exec(l))) {
                        if (rustHead)
                                add(m[1], m[2], m[3], rustHead.severity, rustHead.message);
                        rustHead = null;
                } else if ((m = PAREN.exec(l)) || (m = PAREN_WORD.exec(l))) {
                        add(m[1], m[2], m[3], m[4], m[5]);
                } else if ((m = COLON.exec(l)) && !/^\s/.test(l)) {
                        add(m[1], m[2], m[3], m[4] || "error", m[5]);
                }
        }
        return out;
}

/* shift(diagnostics, line, column): diagnostics of a selection run moved to where
 * the selection starts in its document (LINE and COLUMN from 0): the compiler saw
 * the selection as a file of its own, starting at line 1. */
function shift(diagnostics, line, column) {
        return diagnostics.map((d) => ({
                ...d,
                line: d.line + line,
                column: d.column === null ? null : d.line === 1 ? d.column + column : d.column,
        }));
}

module.exports = { parseDiagnostics, shift };
