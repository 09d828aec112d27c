// Two-file case: Greet is in greet.cs.
using System;

class Program
{
    static void Main()
    {
        Console.WriteLine(Greet.Greeting());
    }
}
