(* poly --script FILE: CommandLine.arguments () starts with "--script" and FILE. *)
val args = List.drop (CommandLine.arguments (), 2);
val () = print "coderun conformance\n";
val line = case TextIO.inputLine TextIO.stdIn of
               SOME l => String.substring (l, 0, size l - 1)
             | NONE => "";
val () = print ("stdin: " ^ line ^ "\n");
val () = print ("args: " ^ String.concatWith "|" args ^ "\n");
val () = TextIO.output (TextIO.stdErr, "to stderr\n");
val () = TextIO.flushOut TextIO.stdOut;
val () = Posix.Process.exit 0w3;
