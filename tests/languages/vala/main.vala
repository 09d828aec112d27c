int main(string[] args) {
    stdout.printf("coderun conformance\n");
    stdout.printf("stdin: %s\n", stdin.read_line());
    stdout.printf("args: %s\n", string.joinv("|", args[1:args.length]));
    stderr.printf("to stderr\n");
    return 3;
}
