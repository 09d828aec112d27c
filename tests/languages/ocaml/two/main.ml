(* Two-file case: the module Greet is greet.ml, compiled before its user. *)
let () = print_endline (Greet.greeting ())
