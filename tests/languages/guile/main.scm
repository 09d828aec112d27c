(use-modules (ice-9 rdelim))

(display "coderun conformance\n")
(display (string-append "stdin: " (read-line) "\n"))
(display (string-append "args: " (string-join (cdr (command-line)) "|") "\n"))
(display "to stderr\n" (current-error-port))
(exit 3)
