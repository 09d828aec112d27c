/* www/src/languages.js: which CodeMirror mode colours each lang.d language, loaded on
 * demand. Every loader is a dynamic import(), so esbuild (--splitting) puts each mode in
 * a chunk of its own under dist/, fetched only when its language is picked: the main
 * bundle does not carry sixty modes nobody asked for. A language with no entry is
 * edited as plain text (no mode exists for it in @codemirror/*). Each import() names
 * its module in full, repetitive as that is: a bundler splits only the imports it can
 * read, and a path built at run time would not be bundled. Never touches the DOM. */

const legacy = (load) => async () => {
        const [{ StreamLanguage }, mode] = await Promise.all([import("@codemirror/language"), load()]);
        return StreamLanguage.define(mode);
};
const shell = legacy(() => import("@codemirror/legacy-modes/mode/shell").then((m) => m.shell));
const cpp = () => import("@codemirror/lang-cpp").then((m) => m.cpp());
const lisp = legacy(() => import("@codemirror/legacy-modes/mode/commonlisp").then((m) => m.commonLisp));
const scheme = legacy(() => import("@codemirror/legacy-modes/mode/scheme").then((m) => m.scheme));
const clike = (name) => legacy(() => import("@codemirror/legacy-modes/mode/clike").then((m) => m[name]));
const mllike = (name) => legacy(() => import("@codemirror/legacy-modes/mode/mllike").then((m) => m[name]));

/* Runtime name (lang.d's name) to a loader of its mode. Where the mode is a relative's
 * (fish, tcsh on the shell mode; Emacs Lisp, newLISP on Common Lisp's; Racket, Guile on
 * Scheme's; BASIC on Visual Basic's) it is said: the tokens that matter are shared. */
const loaders = {
        bash: shell, dash: shell, ksh: shell, zsh: shell,
        fish: shell, tcsh: shell,               /* relatives: comments, strings, keywords */
        c: cpp, clang: cpp, cpp,
        java: () => import("@codemirror/lang-java").then((m) => m.java()),
        javascript: () => import("@codemirror/lang-javascript").then((m) => m.javascript()),
        typescript: () => import("@codemirror/lang-javascript").then((m) => m.javascript({ typescript: true })),
        python: () => import("@codemirror/lang-python").then((m) => m.python()),
        go: () => import("@codemirror/lang-go").then((m) => m.go()),
        rust: () => import("@codemirror/lang-rust").then((m) => m.rust()),
        php: () => import("@codemirror/lang-php").then((m) => m.php()),
        sqlite: () => import("@codemirror/lang-sql").then((m) => m.sql({ dialect: m.SQLite })),
        "common-lisp": lisp, "emacs-lisp": lisp, newlisp: lisp,
        scheme, guile: scheme, racket: scheme,
        csharp: clike("csharp"), kotlin: clike("kotlin"), scala: clike("scala"),
        "objective-c": clike("objectiveC"),
        ocaml: mllike("oCaml"), sml: mllike("sml"),
        basic: legacy(() => import("@codemirror/legacy-modes/mode/vb").then((m) => m.vb)),
        brainfuck: legacy(() => import("@codemirror/legacy-modes/mode/brainfuck").then((m) => m.brainfuck)),
        clojure: legacy(() => import("@codemirror/legacy-modes/mode/clojure").then((m) => m.clojure)),
        cobol: legacy(() => import("@codemirror/legacy-modes/mode/cobol").then((m) => m.cobol)),
        coffeescript: legacy(() => import("@codemirror/legacy-modes/mode/coffeescript").then((m) => m.coffeeScript)),
        crystal: legacy(() => import("@codemirror/legacy-modes/mode/crystal").then((m) => m.crystal)),
        d: legacy(() => import("@codemirror/legacy-modes/mode/d").then((m) => m.d)),
        erlang: legacy(() => import("@codemirror/legacy-modes/mode/erlang").then((m) => m.erlang)),
        forth: legacy(() => import("@codemirror/legacy-modes/mode/forth").then((m) => m.forth)),
        fortran: legacy(() => import("@codemirror/legacy-modes/mode/fortran").then((m) => m.fortran)),
        gas: legacy(() => import("@codemirror/legacy-modes/mode/gas").then((m) => m.gas)),
        groovy: legacy(() => import("@codemirror/legacy-modes/mode/groovy").then((m) => m.groovy)),
        haxe: legacy(() => import("@codemirror/legacy-modes/mode/haxe").then((m) => m.haxe)),
        lua: legacy(() => import("@codemirror/legacy-modes/mode/lua").then((m) => m.lua)),
        octave: legacy(() => import("@codemirror/legacy-modes/mode/octave").then((m) => m.octave)),
        pascal: legacy(() => import("@codemirror/legacy-modes/mode/pascal").then((m) => m.pascal)),
        perl: legacy(() => import("@codemirror/legacy-modes/mode/perl").then((m) => m.perl)),
        r: legacy(() => import("@codemirror/legacy-modes/mode/r").then((m) => m.r)),
        ruby: legacy(() => import("@codemirror/legacy-modes/mode/ruby").then((m) => m.ruby)),
        tcl: legacy(() => import("@codemirror/legacy-modes/mode/tcl").then((m) => m.tcl)),
        verilog: legacy(() => import("@codemirror/legacy-modes/mode/verilog").then((m) => m.verilog)),
};

/* loadMode: the mode extension for runtime NAME, or null when none exists. A chunk
 * that fails to load (server gone) also gives null: the code stays editable, uncoloured. */
export async function loadMode(name) {
        const load = Object.hasOwn(loaders, name) ? loaders[name] : null;
        if (!load)
                return null;
        try {
                return await load();
        } catch {
                return null;
        }
}
