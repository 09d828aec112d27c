import std.array : join;
import std.stdio;
import std.string : chomp;

int main(string[] args)
{
    writeln("coderun conformance");
    writeln("stdin: ", readln().chomp);
    writeln("args: ", args[1 .. $].join("|"));
    stderr.writeln("to stderr");
    return 3;
}
