package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

func main() {
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	fmt.Println("coderun conformance")
	fmt.Println("stdin: " + strings.TrimSuffix(line, "\n"))
	fmt.Println("args: " + strings.Join(os.Args[1:], "|"))
	fmt.Fprintln(os.Stderr, "to stderr")
	os.Exit(3)
}
