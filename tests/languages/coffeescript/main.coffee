line = require("fs").readFileSync(0, "utf8").split("\n")[0]

console.log "coderun conformance"
console.log "stdin: #{line}"
console.log "args: #{process.argv[2..].join("|")}"
console.error "to stderr"
process.exitCode = 3
