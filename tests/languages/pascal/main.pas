program main;
var
    line: string;
    i: integer;
begin
    writeln('coderun conformance');
    readln(line);
    writeln('stdin: ', line);
    write('args: ');
    for i := 1 to ParamCount do
    begin
        if i > 1 then write('|');
        write(ParamStr(i));
    end;
    writeln;
    writeln(StdErr, 'to stderr');
    Halt(3);
end.
