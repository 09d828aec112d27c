/* glue/problems.js: lib/diagnostics.js's problems in VS Code's Problems panel and as
 * squiggles on their lines, one collection for the extension, replaced at each run
 * (a run that compiles cleanly clears it). An empty range at a column is drawn
 * over the word there; a problem without a column takes its whole line. */
"use strict";

function createProblems(vscode) {
        const collection = vscode.languages.createDiagnosticCollection("coderun");
        const severity = {
                error: vscode.DiagnosticSeverity.Error,
                warning: vscode.DiagnosticSeverity.Warning,
                info: vscode.DiagnosticSeverity.Information,
        };
        return {
                /* set(list, uriOf): [{ path, line, column, severity, message }], lines from
                 * 1; uriOf(path) the document of each (an untitled one has no file). */
                set(list, uriOf) {
                        collection.clear();
                        const byPath = new Map();
                        for (const d of list) {
                                const line = d.line - 1;
                                const range = d.column
                                        ? new vscode.Range(line, d.column - 1, line, d.column - 1)
                                        : new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER);
                                const diag = new vscode.Diagnostic(range, d.message, severity[d.severity]);
                                diag.source = "coderun";
                                if (!byPath.has(d.path))
                                        byPath.set(d.path, []);
                                byPath.get(d.path).push(diag);
                        }
                        for (const [p, diags] of byPath)
                                collection.set(uriOf(p), diags);
                },
                clear: () => collection.clear(),
                dispose: () => collection.dispose(),
        };
}

module.exports = { createProblems };
