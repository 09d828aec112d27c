// Two-file case: Greet is in Greet.scala.
object Main {
  def main(args: Array[String]): Unit = {
    println(Greet.greeting)
  }
}
