package body Greet is
   function Greeting return String is
   begin
      return "coderun two files";
   end Greeting;
end Greet;
