/* lib/settings.js: the extension's settings (package.json's contributes.configuration)
 * checked and turned into what a run uses. Fail closed: a value of the wrong type or
 * out of range is refused with the setting's name and what it takes, never clamped or
 * ignored, so a limit the person set is the limit the run gets. It reads them through
 * the get(key) it is given (VS Code's configuration in the glue, a plain object in
 * the tests) and never imports vscode. */
"use strict";

const { parseServer } = require("./address");

class SettingsError extends Error {}

const OUTPUTS = ["terminal", "outputChannel"];

function positive(get, key, unit, max) {
        const v = get(key);
        if (v === undefined || v === null)
                return null;
        if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || v > max)
                throw new SettingsError(`coderun.${key}: ${JSON.stringify(v)} is not a number of ${unit} ` +
                                        `above 0 and at most ${max} (leave it empty for the server's default)`);
        return v;
}

function bool(get, key, fallback) {
        const v = get(key);
        if (v === undefined || v === null)
                return fallback;
        if (typeof v !== "boolean")
                throw new SettingsError(`coderun.${key}: ${JSON.stringify(v)} is not true or false`);
        return v;
}

function strings(get, key, fallback) {
        const v = get(key);
        if (v === undefined || v === null)
                return fallback;
        if (!Array.isArray(v) || v.some((s) => typeof s !== "string" || s === ""))
                throw new SettingsError(`coderun.${key}: must be a list of non-empty strings`);
        return v;
}

/* languageMap: keys are VS Code language identifiers ("shellscript") or file name
 * endings with their dot (".h"), values coderun's language names or aliases. */
function languageMap(get) {
        const v = get("languageMap");
        if (v === undefined || v === null)
                return {};
        if (typeof v !== "object" || Array.isArray(v))
                throw new SettingsError("coderun.languageMap: must be an object of language identifiers to coderun languages");
        for (const [k, name] of Object.entries(v))
                if (typeof name !== "string" || name === "")
                        throw new SettingsError(`coderun.languageMap: "${k}" must map to a coderun language's name`);
        return { ...v };
}

/* readSettings(get): the settings as a run uses them; throws a SettingsError. */
function readSettings(get) {
        const output = get("output") ?? "terminal";
        if (!OUTPUTS.includes(output))
                throw new SettingsError(`coderun.output: "${output}" is not one of ${OUTPUTS.join(", ")}`);
        const testsFolder = get("testsFolder") ?? "tests";
        if (typeof testsFolder !== "string" || testsFolder.trim() === "")
                throw new SettingsError("coderun.testsFolder: must name a folder");
        return {
                server: parseServer(get("server") ?? "http://127.0.0.1:7070"),
                languageMap: languageMap(get),
                /* The server's own maxima (15 s, 15 min streaming, 2 GiB here) are the
                 * server's to enforce: these caps only catch a slip of the finger. */
                limits: {
                        timeSeconds: positive(get, "limits.time", "seconds", 86400),
                        cpuSeconds: positive(get, "limits.cpuTime", "seconds", 86400),
                        memoryMiB: positive(get, "limits.memory", "MiB", 1024 * 1024),
                },
                saveBeforeRun: bool(get, "saveBeforeRun", true),
                clearPreviousOutput: bool(get, "clearPreviousOutput", true),
                output,
                tty: bool(get, "tty", false),
                folder: {
                        send: bool(get, "sendFolder.enabled", false),
                        maxKiB: positive(get, "sendFolder.maxKiB", "KiB", 16 * 1024) ?? 1024,
                        ignore: strings(get, "sendFolder.ignore", []),
                },
                testsFolder: testsFolder.trim(),
        };
}

module.exports = { readSettings, SettingsError };
