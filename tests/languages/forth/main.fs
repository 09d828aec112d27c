create line 256 chars allot

: echo-stdin ( -- )
    line 256 stdin read-line throw drop
    ." stdin: " line swap type cr ;

: echo-args ( -- )
    ." args: "
    next-arg type
    begin next-arg dup while ." |" type repeat 2drop
    cr ;

." coderun conformance" cr
echo-stdin
echo-args
s" to stderr" stderr write-line throw
3 (bye)
