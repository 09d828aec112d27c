/* www/src/starters.js: a starter program and a display name per language.
 * Each starter greets the name it reads on stdin, or the world when stdin is empty,
 * so that a first Run shows output and the stdin field is one edit away from use.
 * Data only: no DOM, no network. */

export const displayNames = {
        ada: "Ada",
        algol68: "ALGOL 68",
        awk: "AWK",
        bash: "Bash",
        basic: "BASIC",
        brainfuck: "Brainfuck",
        c: "C",
        clang: "C (Clang)",
        clojure: "Clojure",
        cobol: "COBOL",
        coffeescript: "CoffeeScript",
        "common-lisp": "Common Lisp",
        cpp: "C++",
        crystal: "Crystal",
        csharp: "C#",
        d: "D",
        dash: "Dash",
        elixir: "Elixir",
        "emacs-lisp": "Emacs Lisp",
        erlang: "Erlang",
        fish: "fish",
        forth: "Forth",
        fortran: "Fortran",
        gas: "Assembly (GAS)",
        go: "Go",
        groovy: "Groovy",
        guile: "Guile",
        haxe: "Haxe",
        icon: "Icon",
        java: "Java",
        javascript: "JavaScript",
        jq: "jq",
        kotlin: "Kotlin",
        ksh: "KornShell",
        lua: "Lua",
        nasm: "Assembly (NASM)",
        newlisp: "newLISP",
        nim: "Nim",
        "objective-c": "Objective-C",
        ocaml: "OCaml",
        octave: "Octave",
        pascal: "Pascal",
        perl: "Perl",
        php: "PHP",
        pike: "Pike",
        prolog: "Prolog",
        python: "Python",
        r: "R",
        racket: "Racket",
        raku: "Raku",
        rexx: "REXX",
        ruby: "Ruby",
        rust: "Rust",
        scala: "Scala",
        scheme: "Scheme",
        sml: "Standard ML",
        sqlite: "SQLite",
        tcl: "Tcl",
        tcsh: "tcsh",
        typescript: "TypeScript",
        vala: "Vala",
        verilog: "Verilog",
        zsh: "Zsh",
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
        ada: `with Ada.Text_IO; use Ada.Text_IO;

procedure Main is
begin
   if End_Of_File then
      Put_Line ("Hello, world!");
   else
      declare
         Name : constant String := Get_Line;
      begin
         if Name = "" then
            Put_Line ("Hello, world!");
         else
            Put_Line ("Hello, " & Name & "!");
         end if;
      end;
   end if;
end Main;
`,
        algol68: `BEGIN
    STRING name := "";
    on logical file end(stand in, (REF FILE f) BOOL: GOTO done);
    read((name, newline));
done:
    print(("Hello, ", (name = "" | "world" | name), "!", newline))
END
`,
        awk: `BEGIN {
    name = "world"
    if ((getline line) > 0 && line != "")
        name = line
    print "Hello, " name "!"
}
`,
        basic: `name$ = ""
if not eof(0) line input "" name$
if name$ = "" name$ = "world"
print "Hello, ", name$, "!"
`,
        brainfuck: `>++++++++[<+++++++++>-]<.>+++++[<+++++>-]<++++.+++++++..+++.>++++++++[<-------->-]<---.------------.>+++++++++[<+++++++++>-]<++++++.--------.+++.------.--------.>++++++++[<-------->-]<---.>++++[<----->-]<---.
`,
        clang: `#include <stdio.h>

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
        clojure: `(let [line (read-line)
      name (if (or (nil? line) (empty? line)) "world" line)]
  (println (str "Hello, " name "!")))
`,
        cobol: `IDENTIFICATION DIVISION.
PROGRAM-ID. hello.
DATA DIVISION.
WORKING-STORAGE SECTION.
01 WS-NAME PIC X(100) VALUE SPACES.
PROCEDURE DIVISION.
    ACCEPT WS-NAME
        ON EXCEPTION MOVE SPACES TO WS-NAME
    END-ACCEPT
    IF WS-NAME = SPACES
        MOVE "world" TO WS-NAME
    END-IF
    DISPLAY "Hello, " FUNCTION TRIM(WS-NAME) "!"
    STOP RUN.
`,
        coffeescript: `name = require("fs").readFileSync(0, "utf8").trim()

console.log "Hello, #{name or "world"}!"
`,
        "common-lisp": `(let ((name (string-trim '(#\\Space #\\Tab #\\Newline)
                         (or (read-line *standard-input* nil) ""))))
  (format t "Hello, ~a!~%" (if (string= name "") "world" name)))
`,
        crystal: `name = (STDIN.gets || "").strip
name = "world" if name.empty?
puts "Hello, #{name}!"
`,
        csharp: `using System;

class Program
{
    static void Main()
    {
        string name = (Console.ReadLine() ?? "").Trim();
        Console.WriteLine($"Hello, {(name == "" ? "world" : name)}!");
    }
}
`,
        d: `import std.stdio;
import std.string : strip;

void main()
{
    string name = readln().strip;
    writeln("Hello, ", name.length ? name : "world", "!");
}
`,
        dash: `read -r name
echo "Hello, \${name:-world}!"
`,
        elixir: `name =
  case IO.gets("") do
    :eof -> ""
    line -> String.trim(line)
  end

IO.puts("Hello, #{if name == "", do: "world", else: name}!")
`,
        "emacs-lisp": `(let ((name (condition-case nil (string-trim (read-from-minibuffer "")) (error ""))))
  (princ (format "Hello, %s!\\n" (if (string= name "") "world" name))))
`,
        erlang: `-module(main).
-export([main/1]).

main(_Args) ->
    Name = case io:get_line("") of
               eof -> "";
               Line -> string:trim(Line)
           end,
    io:format("Hello, ~s!~n", [case Name of "" -> "world"; _ -> Name end]).
`,
        fish: `read -l name
test -n "$name"; or set name world
echo "Hello, $name!"
`,
        forth: `create buf 100 chars allot

: greet ( -- )
    buf 100 stdin read-line throw   ( u flag )
    over 0<> and
    if buf swap else drop s" world" then
    ." Hello, " type ." !" cr ;

greet
bye
`,
        fortran: `program main
    implicit none
    character(len=100) :: name
    integer :: ios

    read (*, '(a)', iostat=ios) name
    if (ios /= 0 .or. len_trim(name) == 0) name = 'world'
    print '(a)', 'Hello, ' // trim(name) // '!'
end program main
`,
        gas: `# x86-64 GNU assembler, AT&T syntax, with the C library.
        .section .rodata
fmt:    .asciz  "%99s"
hello:  .asciz  "Hello, %s!\\n"
world:  .asciz  "world"

        .bss
name:   .skip   100

        .text
        .globl  main
main:
        sub     $8, %rsp
        lea     fmt(%rip), %rdi
        lea     name(%rip), %rsi
        xor     %eax, %eax
        call    scanf
        lea     name(%rip), %rsi
        cmp     $1, %eax
        je      1f
        lea     world(%rip), %rsi
1:      lea     hello(%rip), %rdi
        xor     %eax, %eax
        call    printf
        xor     %eax, %eax
        add     $8, %rsp
        ret
        .section .note.GNU-stack,"",@progbits
`,
        go: `package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

func main() {
	line, _ := bufio.NewReader(os.Stdin).ReadString('\\n')
	name := strings.TrimSpace(line)
	if name == "" {
		name = "world"
	}
	fmt.Printf("Hello, %s!\\n", name)
}
`,
        groovy: `def name = System.in.newReader().readLine()?.trim()
println "Hello, \${name ?: 'world'}!"
`,
        guile: `(use-modules (ice-9 rdelim))

(let* ((line (read-line))
       (name (if (eof-object? line) "" (string-trim-both line))))
  (display (string-append "Hello, " (if (string-null? name) "world" name) "!"))
  (newline))
`,
        haxe: `class Main {
    static function main() {
        var name = try StringTools.trim(Sys.stdin().readLine()) catch (e:Dynamic) "";
        Sys.println("Hello, " + (name == "" ? "world" : name) + "!");
    }
}
`,
        icon: `procedure main()
    local name
    name := trim(read() | "")
    if *name = 0 then name := "world"
    write("Hello, ", name, "!")
end
`,
        jq: `((try input catch "") | ltrimstr(" ") | rtrimstr(" ")) as $name
| "Hello, \\(if $name == "" then "world" else $name end)!"
`,
        kotlin: `fun main() {
    val name = readLine()?.trim().orEmpty()
    println("Hello, \${if (name.isEmpty()) "world" else name}!")
}
`,
        ksh: `read -r name
print -r -- "Hello, \${name:-world}!"
`,
        lua: `local name = (io.read("l") or ""):match("^%s*(.-)%s*$")
if name == "" then name = "world" end
print("Hello, " .. name .. "!")
`,
        nasm: `; x86-64 NASM, no C library: the program makes its own system calls.
        global  _start

        section .rodata
hello:  db      "Hello, "
hello_len equ   $ - hello
world:  db      "world"
world_len equ   $ - world
tail:   db      "!", 10

        section .bss
name:   resb    100

        section .text
_start:
        xor     ebx, ebx                ; the name's length so far
.read:  xor     eax, eax                ; read(0, name + rbx, 1)
        xor     edi, edi
        lea     rsi, [rel name]
        add     rsi, rbx
        mov     edx, 1
        syscall
        cmp     rax, 1
        jne     .done
        lea     rsi, [rel name]
        cmp     byte [rsi + rbx], 10
        je      .done
        inc     rbx
        cmp     rbx, 100
        jb      .read
.done:  mov     eax, 1                  ; write(1, "Hello, ", 7)
        mov     edi, 1
        lea     rsi, [rel hello]
        mov     edx, hello_len
        syscall
        lea     rsi, [rel name]
        mov     rdx, rbx
        test    rbx, rbx
        jnz     .name
        lea     rsi, [rel world]
        mov     edx, world_len
.name:  mov     eax, 1
        mov     edi, 1
        syscall
        mov     eax, 1
        mov     edi, 1
        lea     rsi, [rel tail]
        mov     edx, 2
        syscall
        mov     eax, 60                 ; exit(0)
        xor     edi, edi
        syscall
`,
        newlisp: `(set 'name (trim (or (read-line) "")))
(println "Hello, " (if (empty? name) "world" name) "!")
(exit)
`,
        nim: `import std/strutils

var line = ""
discard stdin.readLine(line)
let name = line.strip
echo "Hello, ", (if name.len > 0: name else: "world"), "!"
`,
        "objective-c": `#import <objc/Object.h>
#include <stdio.h>

@interface Greeter : Object
+ (void)greet:(const char *)name;
@end

@implementation Greeter
+ (void)greet:(const char *)name
{
    printf("Hello, %s!\\n", name);
}
@end

int main(void)
{
    char name[100];

    [Greeter greet:(scanf("%99s", name) == 1 ? name : "world")];
    return 0;
}
`,
        ocaml: `let () =
  let name = try String.trim (input_line stdin) with End_of_file -> "" in
  Printf.printf "Hello, %s!\\n" (if name = "" then "world" else name)
`,
        octave: `name = fgetl(stdin);
if ~ischar(name) || isempty(strtrim(name))
  name = 'world';
end
printf('Hello, %s!\\n', strtrim(name));
`,
        pascal: `program Main;

uses SysUtils;

var
  name: string = '';
begin
  if not Eof then
    ReadLn(name);
  name := Trim(name);
  if name = '' then
    name := 'world';
  WriteLn('Hello, ', name, '!');
end.
`,
        perl: `my $name = <STDIN> // "";
$name =~ s/^\\s+|\\s+$//g;
print "Hello, ", ($name eq "" ? "world" : $name), "!\\n";
`,
        php: `<?php
$name = trim((string) fgets(STDIN));
echo "Hello, ", $name === "" ? "world" : $name, "!\\n";
`,
        pike: `int main() {
    string name = String.trim_all_whites(Stdio.stdin->gets() || "");
    write("Hello, %s!\\n", sizeof(name) ? name : "world");
    return 0;
}
`,
        prolog: `:- initialization(main, main).

main :-
    read_line_to_string(user_input, Line),
    (   Line == end_of_file -> Name = ""
    ;   normalize_space(string(Name), Line)
    ),
    (   Name == "" -> Who = "world" ; Who = Name ),
    format("Hello, ~w!~n", [Who]).
`,
        r: `name <- trimws(readLines(file("stdin"), n = 1, warn = FALSE))
if (length(name) == 0 || name == "") name <- "world"
cat("Hello, ", name, "!\\n", sep = "")
`,
        racket: `#lang racket/base
(require racket/string)

(define line (read-line))
(define name (if (eof-object? line) "" (string-trim line)))
(printf "Hello, ~a!\\n" (if (string=? name "") "world" name))
`,
        raku: `my $name = ($*IN.get // "").trim;
say "Hello, {$name || "world"}!";
`,
        rexx: `name = ""
if lines() > 0 then name = strip(linein())
if name = "" then name = "world"
say "Hello," name || "!"
`,
        ruby: `name = ($stdin.gets || "").strip
name = "world" if name.empty?
puts "Hello, #{name}!"
`,
        rust: `use std::io;

fn main() {
    let mut line = String::new();
    io::stdin().read_line(&mut line).unwrap_or(0);
    let name = line.trim();
    println!("Hello, {}!", if name.is_empty() { "world" } else { name });
}
`,
        scala: `object Main {
  def main(args: Array[String]): Unit = {
    val name = Option(scala.io.StdIn.readLine()).map(_.trim).getOrElse("")
    println(s"Hello, \${if (name.isEmpty) "world" else name}!")
  }
}
`,
        scheme: `(let* ((line (get-line (current-input-port)))
       (name (if (eof-object? line) "" line)))
  (display (string-append "Hello, " (if (string=? name "") "world" name) "!"))
  (newline))
`,
        sml: `val name =
    case TextIO.inputLine TextIO.stdIn of
        SOME line => String.translate (fn #"\\n" => "" | c => String.str c) line
      | NONE => "";
val () = print ("Hello, " ^ (if name = "" then "world" else name) ^ "!\\n");
`,
        sqlite: `SELECT 'Hello, world!';
`,
        tcl: `set name [string trim [gets stdin]]
if {$name eq ""} { set name world }
puts "Hello, $name!"
`,
        tcsh: `set name = "$<"
if ("$name" == "") set name = world
echo "Hello, \${name}!"
`,
        typescript: `// No @types/node is installed: declare the part of Node.js this program uses.
declare function require(module: "fs"): { readFileSync(fd: number, enc: "utf8"): string };

const who: string = require("fs").readFileSync(0, "utf8").trim();

console.log(\`Hello, \${who || "world"}!\`);
`,
        vala: `void main () {
    string? line = stdin.read_line ();
    string name = line != null ? line.strip () : "";
    print ("Hello, %s!\\n", name != "" ? name : "world");
}
`,
        verilog: `module main;
    initial begin
        $display("Hello, world!");
        $finish;
    end
endmodule
`,
        zsh: `read -r name
print -r -- "Hello, \${name:-world}!"
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
