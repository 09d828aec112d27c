println "coderun conformance"
println "stdin: " + System.in.newReader().readLine()
println "args: " + args.join("|")
System.err.println "to stderr"
System.exit(3)
