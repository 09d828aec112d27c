let () =
  print_endline "coderun conformance";
  print_endline ("stdin: " ^ read_line ());
  let args = List.tl (Array.to_list Sys.argv) in
  print_endline ("args: " ^ String.concat "|" args);
  prerr_endline "to stderr";
  exit 3
