(require '[clojure.string :as str])

(println "coderun conformance")
(println (str "stdin: " (read-line)))
(println (str "args: " (str/join "|" *command-line-args*)))
(binding [*out* *err*] (println "to stderr"))
(flush)
(System/exit 3)
