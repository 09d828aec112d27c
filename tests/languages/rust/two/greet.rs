pub fn greeting() -> &'static str {
    "coderun two files"
}
