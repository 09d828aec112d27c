let () = print_endline undefined_thing
