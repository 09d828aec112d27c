int main() { return undefinedThing; }
