-module(main).
-export([main/1]).

main(Args) ->
    io:format("coderun conformance~n"),
    Line = string:trim(io:get_line(""), trailing, "\n"),
    io:format("stdin: ~s~n", [Line]),
    io:format("args: ~s~n", [lists:join("|", Args)]),
    io:format(standard_error, "to stderr~n", []),
    halt(3).
