object Greet {
  def greeting: String = "coderun two files"
}
