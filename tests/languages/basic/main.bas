print "coderun conformance"
line input "" l$
print "stdin: ", l$
rem peek$("argument") takes the next argument; peek("arguments") counts those left.
out$ = ""
while peek("arguments") > 0
    if out$ <> "" out$ = out$ + "|"
    out$ = out$ + peek$("argument")
wend
print "args: ", out$
open "/dev/stderr" for writing as #1
print #1 "to stderr"
close #1
exit 3
