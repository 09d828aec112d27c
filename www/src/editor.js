/* www/src/editor.js: the CodeMirror 6 editor. It is mounted in a shadow root on
 * purpose: CodeMirror (style-mod) then puts its styles in a constructed stylesheet
 * (adoptedStyleSheets) instead of a <style> element, so the page's CSP keeps
 * style-src 'self' with neither 'unsafe-inline' nor a nonce. Colours come from the
 * page's CSS variables, which cross the shadow boundary, so one theme serves light
 * and dark. It must never touch the page outside its host element. */
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
         highlightSpecialChars, drawSelection } from "@codemirror/view";
import { EditorState, Compartment, Prec, Annotation } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting, HighlightStyle }
        from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { tags as t } from "@lezer/highlight";
import { loadMode } from "./languages.js";

const theme = EditorView.theme({
        "&": { height: "100%", color: "var(--fg)", backgroundColor: "var(--editor-bg)",
               fontSize: "14px" },
        "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "-2px" },
        ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
        ".cm-content": { caretColor: "var(--fg)" },
        ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
        "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
                { backgroundColor: "var(--selection)" },
        ".cm-activeLine": { backgroundColor: "var(--active-line)" },
        ".cm-gutters": { backgroundColor: "var(--panel)", color: "var(--muted)",
                         borderRight: "1px solid var(--border)" },
        ".cm-activeLineGutter": { backgroundColor: "var(--active-line)", color: "var(--fg)" },
        "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--bracket)",
                                              outline: "1px solid var(--muted)" },
        "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "var(--bad-bg)",
                                                 color: "var(--bad-fg)" },
});

const highlight = HighlightStyle.define([
        { tag: [t.keyword, t.modifier, t.operatorKeyword], color: "var(--tok-keyword)" },
        { tag: [t.string, t.character, t.regexp, t.special(t.string)], color: "var(--tok-string)" },
        { tag: t.comment, color: "var(--tok-comment)", fontStyle: "italic" },
        { tag: [t.number, t.bool, t.null, t.atom], color: "var(--tok-number)" },
        { tag: [t.function(t.variableName), t.function(t.propertyName),
                t.function(t.definition(t.variableName))], color: "var(--tok-function)" },
        { tag: [t.typeName, t.className, t.namespace, t.standard(t.variableName)],
          color: "var(--tok-type)" },
        { tag: [t.processingInstruction, t.meta, t.macroName], color: "var(--tok-meta)" },
        { tag: t.escape, color: "var(--tok-number)" },
        { tag: t.invalid, color: "var(--bad-fg)" },
]);

/* Marks the code set through editor.code, so that onEdit hears only the person's edits. */
const replaced = Annotation.define();

/* createEditor: an editor in HOST's (new) shadow root. onRun is called on Ctrl/Cmd+Enter,
 * onEdit after each change the person makes (typing, a paste, an undo), not after code set
 * through editor.code. Tab indents (indentWithTab); Escape then Tab moves focus on,
 * CodeMirror's own way out. */
export function createEditor(host, { doc = "", language = "", onRun, onEdit = () => {} }) {
        const root = host.attachShadow({ mode: "open" });
        const languageSlot = new Compartment();
        let picks = 0;
        const view = new EditorView({
                parent: root,
                root,
                state: EditorState.create({
                        doc,
                        extensions: [
                                Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => { onRun(); return true; } }])),
                                lineNumbers(),
                                highlightActiveLineGutter(),
                                highlightSpecialChars(),
                                history(),
                                drawSelection(),
                                indentOnInput(),
                                indentUnit.of("    "),
                                EditorState.tabSize.of(4),
                                bracketMatching(),
                                closeBrackets(),
                                highlightActiveLine(),
                                syntaxHighlighting(highlight),
                                theme,
                                keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap,
                                           indentWithTab]),
                                EditorView.contentAttributes.of({ "aria-label": "Source code" }),
                                EditorView.updateListener.of((u) => {
                                        if (u.transactions.some((tr) => tr.docChanged && !tr.annotation(replaced)))
                                                onEdit();
                                }),
                                languageSlot.of([]),
                        ],
                }),
        });
        const editor = {
                view,
                get code() {
                        return view.state.doc.toString();
                },
                set code(text) {
                        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text },
                                        annotations: replaced.of(true) });
                },
                /* setLanguage: plain text at once, colours when NAME's chunk has come;
                 * a later pick wins over an earlier one still loading. */
                async setLanguage(name) {
                        const pick = ++picks;
                        view.dispatch({ effects: languageSlot.reconfigure([]) });
                        const mode = await loadMode(name);
                        if (mode && pick === picks)
                                view.dispatch({ effects: languageSlot.reconfigure(mode) });
                },
                focus() {
                        view.focus();
                },
        };
        if (language)
                editor.setLanguage(language);
        return editor;
}
