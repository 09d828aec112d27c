import java.io.BufferedReader;
import java.io.InputStreamReader;

public class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("coderun conformance");
        String line = new BufferedReader(new InputStreamReader(System.in)).readLine();
        System.out.println("stdin: " + line);
        System.out.println("args: " + String.join("|", args));
        System.err.println("to stderr");
        System.exit(3);
    }
}
