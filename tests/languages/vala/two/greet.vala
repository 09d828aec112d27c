string greeting() {
    return "coderun two files";
}
