use std::io::BufRead;
use std::process::exit;

fn main() {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).unwrap();
    let args: Vec<String> = std::env::args().skip(1).collect();

    println!("coderun conformance");
    println!("stdin: {}", line.trim_end_matches('\n'));
    println!("args: {}", args.join("|"));
    eprintln!("to stderr");
    exit(3);
}
