fn main() { let x: i32 = undefined_thing; }
