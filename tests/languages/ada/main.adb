with Ada.Command_Line; use Ada.Command_Line;
with Ada.Text_IO;      use Ada.Text_IO;

procedure Main is
begin
   Put_Line ("coderun conformance");
   Put_Line ("stdin: " & Get_Line);
   Put ("args: ");
   for I in 1 .. Argument_Count loop
      if I > 1 then
         Put ("|");
      end if;
      Put (Argument (I));
   end loop;
   New_Line;
   Put_Line (Standard_Error, "to stderr");
   Set_Exit_Status (3);
end Main;
