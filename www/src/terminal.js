/* www/src/terminal.js: the terminal pane, xterm.js: its themes (light and dark,
 * following prefers-color-scheme as the page's CSS does, switched when the system
 * switches), its size (the fit addon, refitted when the pane resizes), screen reader
 * mode (xterm's own accessible rows and live region), and the way out for keyboard
 * users: xterm keeps Tab for the program, so Escape then Tab leaves the terminal, as
 * in the editor. It knows nothing of runs or of the WebSocket: main.js wires those. */
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import { cspDocument, openUnderCsp } from "./xtermcsp.js";

/* The ANSI colours chosen for a contrast of at least 4.5:1 against the background
 * (axe-core checks the rows' text), from the page's own palette where it has one. */
const themes = {
        light: {
                background: "#ffffff", foreground: "#1f2328", cursor: "#1f2328", cursorAccent: "#ffffff",
                selectionBackground: "#b6d7ff",
                black: "#1f2328", red: "#a40e26", green: "#116329", yellow: "#6f4400",
                blue: "#0550ae", magenta: "#6639ba", cyan: "#1b5e6b", white: "#59636e",
                brightBlack: "#59636e", brightRed: "#a40e26", brightGreen: "#116329", brightYellow: "#6f4400",
                brightBlue: "#0969da", brightMagenta: "#8250df", brightCyan: "#1b5e6b", brightWhite: "#393f46",
        },
        dark: {
                background: "#0d1117", foreground: "#e6edf3", cursor: "#e6edf3", cursorAccent: "#0d1117",
                selectionBackground: "#264f78",
                black: "#9198a1", red: "#ff7b72", green: "#56d364", yellow: "#e3b341",
                blue: "#79c0ff", magenta: "#d2a8ff", cyan: "#56d4dd", white: "#e6edf3",
                brightBlack: "#9198a1", brightRed: "#ffa198", brightGreen: "#7ee787", brightYellow: "#f2cc60",
                brightBlue: "#a5d6ff", brightMagenta: "#e2c5ff", brightCyan: "#87e5ee", brightWhite: "#ffffff",
        },
};

/* createTerminal: an xterm in HOST. onData(text) gets what is typed (xterm's onData:
 * keys as the bytes a terminal sends); onResize(rows, cols) each new size. */
export function createTerminal(host, { onData, onResize }) {
        const dark = window.matchMedia("(prefers-color-scheme: dark)");
        const term = new Terminal({
                documentOverride: cspDocument(document),
                theme: dark.matches ? themes.dark : themes.light,
                screenReaderMode: true,
                convertEol: true,
                cursorBlink: false,
                fontFamily: getComputedStyle(host).fontFamily,
                fontSize: 14,
                rows: 12,
                scrollback: 5000,
        });
        const fit = new FitAddon();
        term.loadAddon(fit);
        openUnderCsp(term, host);
        dark.addEventListener("change", () => {
                term.options.theme = dark.matches ? themes.dark : themes.light;
        });

        /* Escape arms the way out: a Tab right after it is the browser's (focus moves on),
         * not the program's. Escape itself still reaches the program. */
        let leaving = false;
        term.attachCustomKeyEventHandler((e) => {
                if (e.type !== "keydown")
                        return true;
                if (e.key === "Tab" && leaving)
                        return false;
                if (!["Shift", "Control", "Alt", "Meta"].includes(e.key))
                        leaving = e.key === "Escape";
                /* Ctrl/Cmd+Enter is the page's Run, never a key for the program. */
                return !(e.key === "Enter" && (e.ctrlKey || e.metaKey));
        });
        term.textarea.addEventListener("blur", () => { leaving = false; });
        term.textarea.setAttribute("aria-label", "Terminal: the program's output and input");

        term.onData(onData);
        term.onResize(({ rows, cols }) => onResize(rows, cols));
        const refit = () => {
                if (host.offsetWidth > 0)
                        fit.fit();
        };
        new ResizeObserver(refit).observe(host);
        refit();

        return {
                term,
                /* write: program output, text or bytes (Uint8Array) */
                write(data) {
                        term.write(data);
                },
                /* reset: an empty screen for a new run; TTY says whether "\n" is left to the
                 * program's terminal (a pty sends "\r\n") or made "\r\n" here. */
                reset(tty) {
                        term.reset();
                        term.options.convertEol = !tty;
                        refit();
                },
                focus() {
                        term.focus();
                },
                get rows() {
                        return term.rows;
                },
                get cols() {
                        return term.cols;
                },
        };
}
