static class Greet
{
    public static string Greeting()
    {
        return "coderun two files";
    }
}
