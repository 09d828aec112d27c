class Program { static int Main() { return undefinedThing; } }
