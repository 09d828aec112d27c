object Main {
  def main(args: Array[String]): Unit = {
    println("coderun conformance")
    println("stdin: " + scala.io.StdIn.readLine())
    println("args: " + args.mkString("|"))
    System.err.println("to stderr")
    sys.exit(3)
  }
}
