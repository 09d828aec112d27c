{ Two-file case: Greeting is in the unit greet (greet.pas), which fpc finds by name. }
program main;
uses greet;
begin
  writeln(Greeting);
end.
