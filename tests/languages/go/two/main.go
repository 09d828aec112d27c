// Two-file case: greeting() is in greet.go, the same package; greet.go imports
// the package of the subfolder util, which must not be named on the command line.
package main

import "fmt"

func main() {
	fmt.Println(greeting())
}
