(define (join strs sep)
  (if (null? strs)
      ""
      (fold-left (lambda (acc s) (string-append acc sep s)) (car strs) (cdr strs))))

(display "coderun conformance\n")
(display (string-append "stdin: " (get-line (current-input-port)) "\n"))
(display (string-append "args: " (join (command-line-arguments) "|") "\n"))
(display "to stderr\n" (current-error-port))
(exit 3)
