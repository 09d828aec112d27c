unit greet;

interface
function Greeting: string;

implementation
function Greeting: string;
begin
  Greeting := 'coderun two files';
end;

end.
