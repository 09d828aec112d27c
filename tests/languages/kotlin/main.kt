import kotlin.system.exitProcess

fun main(args: Array<String>) {
    println("coderun conformance")
    println("stdin: " + readLine())
    println("args: " + args.joinToString("|"))
    System.err.println("to stderr")
    exitProcess(3)
}
