// Two-file case: greeting() is in the module greet, greet.d.
import std.stdio;
import greet;

void main() {
    writeln(greeting());
}
