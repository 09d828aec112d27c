let greeting () = "coderun two files"
