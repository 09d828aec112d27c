// Two-file case: greeting() is in greet.kt.
fun main() {
    println(greeting())
}
