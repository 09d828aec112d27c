/* extension.js: coderun's VS Code extension, the one file that meets VS Code's
 * activation: it registers the commands package.json contributes (glue/commands.js)
 * and nothing else, and passes vscode down, so the glue is tested with a stub of it
 * and the logic under lib/ never sees it at all. */
"use strict";

const vscode = require("vscode");
const { createCommands } = require("./glue/commands");

function activate(context) {
        const c = createCommands(vscode, context);
        for (const [id, handler] of Object.entries(c.commands))
                context.subscriptions.push(vscode.commands.registerCommand(id, handler));
        context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
                if (e.affectsConfiguration("coderun.server"))
                        c.forget();
        }));
        context.subscriptions.push(c);
}

function deactivate() {}

module.exports = { activate, deactivate };
