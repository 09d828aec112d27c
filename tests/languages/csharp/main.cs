using System;

class Program
{
    static int Main(string[] args)
    {
        Console.WriteLine("coderun conformance");
        Console.WriteLine("stdin: " + Console.ReadLine());
        Console.WriteLine("args: " + string.Join("|", args));
        Console.Error.WriteLine("to stderr");
        return 3;
    }
}
