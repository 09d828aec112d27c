#!/usr/bin/env bats
# languages.bats: every offered language end to end through ./coderun-exec: hello
# world, stdin, args, a non-zero exit, a compile error, programs of several files
# (and files in subfolders), aliases and version "*". lang.bats covers how lang.d is
# loaded; this suite covers what a client sees.

bats_require_minimum_version 1.7.0

load ../helper

# run_src LANG SOURCE [JQ_FILTER]: run SOURCE as LANG (a name or an alias); the filter
# (default .) edits the request, e.g. '.stdin = "x"'.
run_src() {
        local req
        req=$(jq -nc --arg l "$1" --arg src "$2" "{language: \$l, source: \$src} | ${3:-.}")
        run -0 --separate-stderr cr "$req"
}

# run_files LANG FILES_JSON [JQ_FILTER]: the same with a files array.
run_files() {
        local req
        req=$(jq -nc --arg l "$1" --argjson files "$2" "{language: \$l, files: \$files} | ${3:-.}")
        run -0 --separate-stderr cr "$req"
}

# ran_ok STDOUT: the program compiled (if it had to), exited 0 and printed exactly STDOUT.
ran_ok() {
        jqe --arg s "$1" '(.compile.status // null) == null and .run.status == null
                and .run.code == 0 and .run.signal == null and .run.stdout == $s and .run.stderr == ""'
}

# exited_3: status RE and code 3, nothing else wrong.
exited_3() {
        jqe '(.compile.status // null) == null and .run.status == "RE" and .run.code == 3
                and .run.signal == null and (.run.message | test("3"))'
}

# compile_failed WORD: compile status RE, its stderr names WORD, and nothing ran.
compile_failed() {
        jqe --arg w "$1" '.compile.status == "RE" and .compile.code != 0
                and (.compile.stderr | contains($w)) and (.compile.stderr | test("error"))
                and (has("run") | not)'
}

# The reply names the language by its canonical name and the installed version.
is_lang() {
        jqe --arg l "$1" --arg v "$(awk -v l="$1" '$1 == l { print $2 }' "$BUILD/runtimes")" \
                '.language == $l and .version == $v and $v != ""'
}

# ---------------------------------------------------------------- C

@test "c: hello world" {
        need_root
        run_src c '#include <stdio.h>
int main(void) { puts("hello, world"); return 0; }'
        ran_ok $'hello, world\n'
        is_lang c
        jqe '.compile.code == 0'
}

@test "c: stdin is echoed" {
        need_root
        run_src c '#include <stdio.h>
int main(void) { char b[256]; if (!fgets(b, sizeof b, stdin)) return 1; fputs(b, stdout); return 0; }' \
                '.stdin = "echo me\nnot me\n"'
        ran_ok $'echo me\n'
}

@test "c: args are passed" {
        need_root
        run_src c '#include <stdio.h>
int main(int argc, char **argv) { for (int i = 1; i < argc; i++) printf("%s%s", argv[i], i + 1 < argc ? "," : "\n"); return 0; }' \
                '.args = ["a", "b c", "-x"]'
        ran_ok $'a,b c,-x\n'
}

@test "c: exit code 3 is status RE" {
        need_root
        run_src c 'int main(void) { return 3; }'
        exited_3
}

@test "c: a compile error stops before the run" {
        need_root
        run_src c 'int main(void) { return undefined_thing; }'
        compile_failed undefined_thing
}

@test "c: a header included with #include \"x.h\"" {
        need_root
        run_files c '[{"name":"main.c","content":"#include <stdio.h>\n#include \"x.h\"\nint main(void) { printf(\"%d\\n\", twice(21)); return 0; }"},
                {"name":"x.h","content":"static inline int twice(int x) { return 2 * x; }\n"}]'
        ran_ok $'42\n'
}

@test "c: a header in a subfolder" {
        need_root
        run_files c '[{"name":"main.c","content":"#include <stdio.h>\n#include \"inc/x.h\"\nint main(void) { printf(\"%d\\n\", X); return 0; }"},
                {"name":"inc/x.h","content":"#define X 7\n"}]'
        ran_ok $'7\n'
}

# ---------------------------------------------------------------- C++

@test "cpp: hello world" {
        need_root
        run_src cpp '#include <iostream>
int main() { std::cout << "hello, world" << std::endl; }'
        ran_ok $'hello, world\n'
        is_lang cpp
}

@test "cpp: stdin is echoed" {
        need_root
        run_src cpp '#include <iostream>
#include <string>
int main() { std::string l; std::getline(std::cin, l); std::cout << l << "\n"; }' \
                '.stdin = "echo me\nnot me\n"'
        ran_ok $'echo me\n'
}

@test "cpp: args are passed" {
        need_root
        run_src cpp '#include <iostream>
int main(int argc, char **argv) { for (int i = 1; i < argc; i++) std::cout << argv[i] << (i + 1 < argc ? "," : "\n"); }' \
                '.args = ["a", "b c", "-x"]'
        ran_ok $'a,b c,-x\n'
}

@test "cpp: exit code 3 is status RE" {
        need_root
        run_src cpp '#include <cstdlib>
int main() { std::exit(3); }'
        exited_3
}

@test "cpp: a compile error stops before the run" {
        need_root
        run_src cpp 'int main() { return undefined_thing; }'
        compile_failed undefined_thing
}

@test "cpp: a header in a subfolder" {
        need_root
        run_files cpp '[{"name":"main.cpp","content":"#include <iostream>\n#include \"inc/x.hpp\"\nint main() { std::cout << twice(21) << std::endl; }"},
                {"name":"inc/x.hpp","content":"inline int twice(int x) { return 2 * x; }\n"}]'
        ran_ok $'42\n'
}

# ---------------------------------------------------------------- Python

@test "python: hello world" {
        need_root
        run_src python 'print("hello, world")'
        ran_ok $'hello, world\n'
        is_lang python
        jqe 'has("compile") | not'
}

@test "python: stdin is echoed" {
        need_root
        run_src python 'print(input())' '.stdin = "echo me\nnot me\n"'
        ran_ok $'echo me\n'
}

@test "python: args are passed" {
        need_root
        run_src python 'import sys
print(",".join(sys.argv[1:]))' '.args = ["a", "b c", "-x"]'
        ran_ok $'a,b c,-x\n'
}

@test "python: exit code 3 is status RE" {
        need_root
        run_src python 'import sys
sys.exit(3)'
        exited_3
}

@test "python: a module from a second file" {
        need_root
        run_files python '[{"name":"main.py","content":"import helper\nprint(helper.twice(21))"},
                {"name":"helper.py","content":"def twice(x):\n    return 2 * x\n"}]'
        ran_ok $'42\n'
}

@test "python: lib/util.py imported as a package module" {
        need_root
        run_files python '[{"name":"main.py","content":"from lib import util\nimport lib.util\nprint(util.f(), lib.util.f())"},
                {"name":"lib/util.py","content":"def f():\n    return 42\n"}]'
        ran_ok $'42 42\n'
}

# ---------------------------------------------------------------- JavaScript

@test "javascript: hello world" {
        need_root
        run_src javascript 'console.log("hello, world")'
        ran_ok $'hello, world\n'
        is_lang javascript
        jqe 'has("compile") | not'
}

@test "javascript: stdin is echoed" {
        need_root
        run_src javascript 'const l = require("fs").readFileSync(0, "utf8").split("\n")[0]; console.log(l)' \
                '.stdin = "echo me\nnot me\n"'
        ran_ok $'echo me\n'
}

@test "javascript: args are passed" {
        need_root
        run_src javascript 'console.log(process.argv.slice(2).join(","))' '.args = ["a", "b c", "-x"]'
        ran_ok $'a,b c,-x\n'
}

@test "javascript: exit code 3 is status RE" {
        need_root
        run_src javascript 'process.exit(3)'
        exited_3
}

@test "javascript: a module in a subfolder" {
        need_root
        run_files javascript '[{"name":"main.js","content":"console.log(require(\"./lib/util.js\").twice(21))"},
                {"name":"lib/util.js","content":"exports.twice = (x) => 2 * x\n"}]'
        ran_ok $'42\n'
}

# ---------------------------------------------------------------- Bash

@test "bash: hello world" {
        need_root
        run_src bash 'echo "hello, world"'
        ran_ok $'hello, world\n'
        is_lang bash
        jqe 'has("compile") | not'
}

@test "bash: stdin is echoed" {
        need_root
        run_src bash 'read -r line; echo "$line"' '.stdin = "echo me\nnot me\n"'
        ran_ok $'echo me\n'
}

@test "bash: args are passed" {
        need_root
        run_src bash 'IFS=,; echo "$*"' '.args = ["a", "b c", "-x"]'
        ran_ok $'a,b c,-x\n'
}

@test "bash: exit code 3 is status RE" {
        need_root
        run_src bash 'exit 3'
        exited_3
}

@test "bash: a script sourcing a second file" {
        need_root
        run_files bash '[{"name":"main.sh","content":". ./lib.sh\ngreet \"$1\""},
                {"name":"lib.sh","content":"greet() { echo \"hi $1\"; }\n"}]' '.args = ["bob"]'
        ran_ok $'hi bob\n'
}

@test "bash: a file sourced from a subfolder" {
        need_root
        run_files bash '[{"name":"main.sh","content":"source lib/util.sh\ntwice 21"},
                {"name":"lib/util.sh","content":"twice() { echo $(( 2 * $1 )); }\n"}]'
        ran_ok $'42\n'
}

# ---------------------------------------------------------------- Java

@test "java: hello world" {
        need_root
        run_src java 'public class Main { public static void main(String[] a) { System.out.println("hello, world"); } }'
        ran_ok $'hello, world\n'
        is_lang java
}

@test "java: stdin is echoed" {
        need_root
        run_src java 'import java.io.*;
public class Main {
    public static void main(String[] a) throws IOException {
        System.out.println(new BufferedReader(new InputStreamReader(System.in)).readLine());
    }
}' '.stdin = "echo me\nnot me\n"'
        ran_ok $'echo me\n'
}

@test "java: args are passed" {
        need_root
        run_src java 'public class Main { public static void main(String[] a) { System.out.println(String.join(",", a)); } }' \
                '.args = ["a", "b c", "-x"]'
        ran_ok $'a,b c,-x\n'
}

@test "java: exit code 3 is status RE" {
        need_root
        run_src java 'public class Main { public static void main(String[] a) { System.exit(3); } }'
        exited_3
}

@test "java: a compile error stops before the run" {
        need_root
        run_src java 'public class Main { public static void main(String[] a) { int x = undefinedThing; } }'
        compile_failed undefinedThing
}

@test "java: a class from a second file" {
        need_root
        run_files java '[{"name":"Main.java","content":"public class Main { public static void main(String[] a) { System.out.println(Helper.twice(21)); } }"},
                {"name":"Helper.java","content":"class Helper { static int twice(int x) { return 2 * x; } }"}]'
        ran_ok $'42\n'
}

# ---------------------------------------------------------------- aliases and versions

@test "aliases: py, js, node, sh, gcc, c++ name their languages" {
        need_root
        run_src py 'print("py")'
        ran_ok $'py\n'
        is_lang python
        run_src js 'console.log("js")'
        ran_ok $'js\n'
        is_lang javascript
        run_src node 'console.log("node")'
        ran_ok $'node\n'
        is_lang javascript
        run_src sh 'echo sh'
        ran_ok $'sh\n'
        is_lang bash
        run_src gcc '#include <stdio.h>
int main(void) { puts("gcc"); return 0; }'
        ran_ok $'gcc\n'
        is_lang c
        run_src c++ '#include <iostream>
int main() { std::cout << "c++\n"; }'
        ran_ok $'c++\n'
        is_lang cpp
}

@test "versions: \"*\" picks the installed version of every language" {
        need_root
        run_src python 'print(1)' '.version = "*"'
        ran_ok $'1\n'
        is_lang python
        run_src javascript 'console.log(1)' '.version = "*"'
        ran_ok $'1\n'
        is_lang javascript
        run_src bash 'echo 1' '.version = "*"'
        ran_ok $'1\n'
        is_lang bash
        run_src c 'int main(void) { return 0; }' '.version = "*"'
        ran_ok ''
        is_lang c
        run_src cpp 'int main() { return 0; }' '.version = "*"'
        ran_ok ''
        is_lang cpp
}

@test "versions: the exact installed version and its major number are accepted" {
        need_root
        local l v
        for l in c cpp python javascript bash; do
                v=$(awk -v l="$l" '$1 == l { print $2 }' "$BUILD/runtimes")
                run_src "$l" '' ".version = \"$v\""
                is_lang "$l"
                run_src "$l" '' ".version = \"${v%%.*}\""
                is_lang "$l"
        done
}
