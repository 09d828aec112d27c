program main;
begin
    writeln(undefinedThing);
end.
