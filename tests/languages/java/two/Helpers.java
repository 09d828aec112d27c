class Greet {
    static String greeting() {
        return "coderun two files";
    }
}
