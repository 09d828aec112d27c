// No @types/node is installed: declare the part of Node.js this program uses.
declare const process: {
    argv: string[];
    exitCode: number;
    stderr: { write(s: string): boolean };
};
declare function require(module: "fs"): { readFileSync(fd: number, enc: "utf8"): string };

const line: string = require("fs").readFileSync(0, "utf8").split("\n")[0];
const args: string[] = process.argv.slice(2);

console.log("coderun conformance");
console.log(`stdin: ${line}`);
console.log(`args: ${args.join("|")}`);
process.stderr.write("to stderr\n");
process.exitCode = 3;
