/* www/src/starters.js: a starter program and a display name per language.
 * Each starter greets the name it reads on stdin, or the world when stdin is empty,
 * so that a first Run shows output and the stdin field is one edit away from use.
 * Data only: no DOM, no network. */

export const displayNames = {
        bash: "Bash",
        c: "C",
        cpp: "C++",
        java: "Java",
        javascript: "JavaScript",
        python: "Python",
};

export const starters = {
        c: `#include <stdio.h>

int main(void)
{
    char name[100];

    if (scanf("%99s", name) == 1)
        printf("Hello, %s!\\n", name);
    else
        printf("Hello, world!\\n");
    return 0;
}
`,
        cpp: `#include <iostream>
#include <string>

int main()
{
    std::string name;

    if (std::cin >> name)
        std::cout << "Hello, " << name << "!\\n";
    else
        std::cout << "Hello, world!\\n";
}
`,
        python: `import sys

name = sys.stdin.read().strip()
print(f"Hello, {name or 'world'}!")
`,
        javascript: `const name = require("fs").readFileSync(0, "utf8").trim();

console.log(\`Hello, \${name || "world"}!\`);
`,
        java: `import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        String name = in.hasNext() ? in.next() : "world";
        System.out.println("Hello, " + name + "!");
    }
}
`,
        bash: `read -r name
echo "Hello, \${name:-world}!"
`,
};

/* displayName: "C++" for cpp; a language this file does not know keeps its own name. */
export function displayName(language) {
        return displayNames[language] ?? language;
}

/* starterFor: the language's starter, or "" for a language this file does not know. */
export function starterFor(language) {
        return starters[language] ?? "";
}
