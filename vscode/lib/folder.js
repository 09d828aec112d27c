/* lib/folder.js: the other files of the entry's folder, for the coderun.sendFolder
 * settings: a program of several files (a header, a module, a data file it opens)
 * runs as it does here. Below the folder, names are kept relative to it; what the
 * ignore list matches is left out (a pattern without "/" matches a name at any
 * depth, as in .gitignore; "**" spans folders), symbolic links are never followed
 * (one could point anywhere on this machine), and a folder over the size cap is
 * refused whole, naming its largest files, never cut short: a program missing some
 * of its files fails in ways that mislead. It only reads. */
"use strict";

const fs = require("node:fs");
const path = require("node:path");

/* docs/protocol.md: at most 4096 files a request and 16 folders deep. */
const MAX_FILES = 4096;
const MAX_DEPTH = 16;

class FolderError extends Error {}

/* globToRegExp(pattern): "*" within a name, "?" one character, "**" any folders. */
function globToRegExp(pattern) {
        let re = "";
        for (let i = 0; i < pattern.length; i++) {
                const c = pattern[i];
                if (c === "*" && pattern[i + 1] === "*") {
                        const slash = pattern[i + 2] === "/";
                        re += slash ? "(?:.*/)?" : ".*";
                        i += slash ? 2 : 1;
                } else if (c === "*") {
                        re += "[^/]*";
                } else if (c === "?") {
                        re += "[^/]";
                } else {
                        re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
                }
        }
        return new RegExp(`^${re}$`);
}

/* ignorer(patterns): ignored(rel, name, isDir). */
function ignorer(patterns) {
        const tests = patterns.map((p) => {
                const re = globToRegExp(p.replace(/\/+$/, ""));
                return p.replace(/\/+$/, "").includes("/") ? (rel) => re.test(rel) : (rel, name) => re.test(name);
        });
        return (rel, name) => tests.some((t) => t(rel, name));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/* collectFolder(dir, entryName, { maxKiB, ignore }): [{ name, content, encoding }],
 * the entry itself left out; throws a FolderError. */
function collectFolder(dir, entryName, { maxKiB, ignore = [] }) {
        const ignored = ignorer(ignore);
        const found = [];
        let total = 0;
        const walk = (abs, rel, depth) => {
                for (const d of fs.readdirSync(abs, { withFileTypes: true })) {
                        const r = rel ? `${rel}/${d.name}` : d.name;
                        if (ignored(r, d.name) || (!rel && d.name === entryName))
                                continue;
                        if (d.isDirectory()) {
                                if (depth + 1 >= MAX_DEPTH)
                                        throw new FolderError(`coderun.sendFolder: ${r} is more than ${MAX_DEPTH} folders deep`);
                                walk(path.join(abs, d.name), r, depth + 1);
                        } else if (d.isFile()) {
                                const size = fs.statSync(path.join(abs, d.name)).size;
                                total += size;
                                found.push({ rel: r, abs: path.join(abs, d.name), size });
                                if (found.length >= MAX_FILES)
                                        throw new FolderError(`coderun.sendFolder: more than ${MAX_FILES - 1} files beside the entry`);
                        }
                }
        };
        walk(dir, "", 0);
        if (total > maxKiB * 1024) {
                const largest = [...found].sort((a, b) => b.size - a.size).slice(0, 3)
                        .map((f) => `${f.rel} (${Math.ceil(f.size / 1024)} KiB)`).join(", ");
                throw new FolderError(`coderun.sendFolder: the folder's other files come to ${Math.ceil(total / 1024)} KiB, ` +
                                      `over coderun.sendFolder.maxKiB (${maxKiB}); the largest: ${largest}. ` +
                                      "Add them to coderun.sendFolder.ignore or raise the cap");
        }
        return found.sort((a, b) => (a.rel < b.rel ? -1 : 1)).map((f) => {
                const buf = fs.readFileSync(f.abs);
                try {
                        return { name: f.rel, content: utf8.decode(buf), encoding: "utf8" };
                } catch {
                        return { name: f.rel, content: buf.toString("base64"), encoding: "base64" };
                }
        });
}

module.exports = { collectFolder, globToRegExp, FolderError };
