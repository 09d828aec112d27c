--  Two-file case: the package Greet is in greet.ads and greet.adb, which
--  gnatmake finds by the unit's name.
with Ada.Text_IO; use Ada.Text_IO;
with Greet;

procedure Main is
begin
   Put_Line (Greet.Greeting);
end Main;
