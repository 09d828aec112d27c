// Two-file case: the module greet is greet.rs, which rustc finds from `mod`.
mod greet;

fn main() {
    println!("{}", greet::greeting());
}
