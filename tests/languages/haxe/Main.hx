class Main {
    static function main() {
        Sys.println("coderun conformance");
        Sys.println("stdin: " + Sys.stdin().readLine());
        Sys.println("args: " + Sys.args().join("|"));
        Sys.stderr().writeString("to stderr\n");
        Sys.exit(3);
    }
}
