int main(int argc, array(string) argv) {
    write("coderun conformance\n");
    write("stdin: " + Stdio.stdin->gets() + "\n");
    write("args: " + (argv[1..] * "|") + "\n");
    werror("to stderr\n");
    return 3;
}
