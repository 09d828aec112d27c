fun greeting(): String = "coderun two files"
