procedure Main is
begin
   Undefined_Thing;
end Main;
