module greet;

string greeting() {
    return "coderun two files";
}
