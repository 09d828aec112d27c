say "coderun conformance"
line = linein()
say "stdin:" line
out = ""
do i = 1 to arg()
    if i > 1 then out = out || "|"
    out = out || arg(i)
end
say "args:" out
call lineout "<stderr>", "to stderr"
exit 3
