// Two-file case: the class Greet is in Helpers.java, a file javac would not find
// by the class's name.
public class Main {
    public static void main(String[] args) {
        System.out.println(Greet.greeting());
    }
}
