fun main() { val x: Int = undefinedThing }
