#lang racket/base
(require racket/string)

(displayln "coderun conformance")
(displayln (string-append "stdin: " (read-line)))
(displayln (string-append "args: " (string-join (vector->list (current-command-line-arguments)) "|")))
(displayln "to stderr" (current-error-port))
(exit 3)
