BEGIN {
        print "coderun conformance"
        getline line < "/dev/stdin"
        print "stdin: " line
        out = ""
        for (i = 1; i < ARGC; i++)
                out = out (i > 1 ? "|" : "") ARGV[i]
        print "args: " out
        print "to stderr" > "/dev/stderr"
        exit 3
}
