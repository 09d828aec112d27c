echo "coderun conformance"
set line = "$<"
echo "stdin: $line"
set out = ""
foreach a ($argv:q)
        if ("$out" == "") then
                set out = "$a"
        else
                set out = "$out|$a"
        endif
end
echo "args: $out"
echo "to stderr" > /dev/stderr
exit 3
