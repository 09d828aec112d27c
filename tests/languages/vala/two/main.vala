// Two-file case: greeting() is in greet.vala.
int main() {
    stdout.printf("%s\n", greeting());
    return 0;
}
