/* lib/langmap.js: which of the server's runtimes runs a document. In order: the
 * runtime picked for this file (the Pick Runtime command), the coderun.languageMap
 * setting (by file name ending, then by language identifier), VS Code's language
 * identifier through the table below, the file name's ending through the runtime
 * list's extensions, the #! line; when none decides, the glue asks with a quick pick
 * of every runtime, so each language lang.d offers can be reached. It never imports
 * vscode and never touches the network. */
"use strict";

class MapError extends Error {}

/* VS Code's language identifiers (its own and those of the usual extensions for
 * each language) to lang.d's names. An identifier VS Code gives several languages'
 * files is a family: the file's ending picks within it (VS Code calls .zsh and .ksh
 * files shellscript too), else its first member runs it. */
const BY_ID = {
        ada: "ada", algol68: "algol68", awk: "awk", basic: "basic", yabasic: "basic",
        bf: "brainfuck", brainfuck: "brainfuck", c: "c", clojure: "clojure", cobol: "cobol",
        coffeescript: "coffeescript", commonlisp: "common-lisp", lisp: "common-lisp",
        cpp: "cpp", crystal: "crystal", csharp: "csharp", d: "d", elixir: "elixir",
        elisp: "emacs-lisp", "emacs-lisp": "emacs-lisp", erlang: "erlang", fish: "fish",
        forth: "forth", fortran: "fortran", FortranFreeForm: "fortran", FortranFixedForm: "fortran",
        "fortran-modern": "fortran", go: "go", groovy: "groovy", haxe: "haxe", icon: "icon",
        java: "java", javascript: "javascript", jq: "jq", kotlin: "kotlin", lua: "lua",
        nasm: "nasm", newlisp: "newlisp", nim: "nim", "objective-c": "objective-c",
        ocaml: "ocaml", octave: "octave", matlab: "octave", pascal: "pascal",
        objectpascal: "pascal", perl: "perl", php: "php", pike: "pike", prolog: "prolog",
        python: "python", r: "r", racket: "racket", raku: "raku", perl6: "raku",
        rexx: "rexx", ruby: "ruby", rust: "rust", scala: "scala", scheme: "scheme",
        sml: "sml", sql: "sqlite", tcl: "tcl", typescript: "typescript", vala: "vala",
        verilog: "verilog", systemverilog: "verilog", "asm-intel-x86-generic": "nasm",
        shellscript: ["bash", "zsh", "ksh", "tcsh", "dash"],
};

/* find(runtimes, name): the runtime called NAME, by its name or an alias. */
function find(runtimes, name) {
        return runtimes.find((r) => r.language === name) ||
               runtimes.find((r) => Array.isArray(r.aliases) && r.aliases.includes(name)) || null;
}

function ending(fileName) {
        const base = String(fileName || "").split(/[\\/]/).pop();
        const dot = base.lastIndexOf(".");
        return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

function byEnding(runtimes, ext) {
        return ext ? runtimes.find((r) => Array.isArray(r.extensions) && r.extensions.includes(ext)) || null : null;
}

/* byShebang(runtimes, line): "#!/usr/bin/env -S python3.11 -u" finds python, as the
 * CLI reads it: env and its options skipped, a version at the end dropped. */
function byShebang(runtimes, line) {
        const m = /^#!\s*(\S+)(.*)$/.exec(String(line || ""));
        if (!m)
                return null;
        const words = [m[1], ...m[2].trim().split(/\s+/).filter(Boolean)];
        let prog = words[0].split("/").pop();
        if (prog === "env") {
                const rest = words.slice(1).filter((w) => !w.startsWith("-") && !w.includes("="));
                if (!rest.length)
                        return null;
                prog = rest[0].split("/").pop();
        }
        return find(runtimes, prog) || find(runtimes, prog.replace(/[\d.]+$/, ""));
}

/* fromMap(runtimes, map, key): the runtime the languageMap setting names for KEY;
 * a name the server does not offer is refused, not passed over. */
function fromMap(runtimes, map, key) {
        if (!Object.prototype.hasOwnProperty.call(map, key))
                return null;
        const r = find(runtimes, map[key]);
        if (!r)
                throw new MapError(`coderun.languageMap: "${key}" names "${map[key]}", which this server does not offer`);
        return r;
}

/* resolve({ runtimes, languageId, fileName, firstLine, languageMap, picked }):
 * { runtime, how } where how says which rule decided ("picked", "languageMap",
 * "language", "extension", "shebang"), or { runtime: null } for a quick pick. */
function resolve({ runtimes, languageId, fileName, firstLine = "", languageMap = {}, picked }) {
        const ext = ending(fileName);
        let r;
        if (picked && (r = find(runtimes, picked)))
                return { runtime: r, how: "picked" };
        if ((ext && (r = fromMap(runtimes, languageMap, "." + ext))) ||
            (languageId && (r = fromMap(runtimes, languageMap, languageId))))
                return { runtime: r, how: "languageMap" };
        const known = Object.prototype.hasOwnProperty.call(BY_ID, languageId) ? BY_ID[languageId] : null;
        if (Array.isArray(known)) {
                const mine = byEnding(runtimes, ext);
                r = mine && known.includes(mine.language) ? mine : known.map((n) => find(runtimes, n)).find(Boolean);
        } else if (known) {
                r = find(runtimes, known);
        }
        if (r)
                return { runtime: r, how: "language" };
        if ((r = byEnding(runtimes, ext)))
                return { runtime: r, how: "extension" };
        if ((r = byShebang(runtimes, firstLine)))
                return { runtime: r, how: "shebang" };
        return { runtime: null };
}

/* pickItems(runtimes, current): the quick pick's rows, every runtime, by name. */
function pickItems(runtimes, current) {
        return [...runtimes].sort((a, b) => a.language.localeCompare(b.language)).map((r) => ({
                label: r.language,
                description: [r.version, r.compiled ? "compiled" : "", r.language === current ? "(this file's)" : ""]
                        .filter(Boolean).join(" · "),
                detail: [...(r.aliases || []), ...(r.extensions || []).map((e) => "*." + e)].join(", ") || undefined,
                language: r.language,
        }));
}

module.exports = { resolve, pickItems, find, MapError, BY_ID };
