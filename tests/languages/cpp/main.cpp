#include <iostream>
#include <string>

int main(int argc, char **argv) {
        std::string line;

        std::cout << "coderun conformance\n";
        std::getline(std::cin, line);
        std::cout << "stdin: " << line << "\n";
        std::cout << "args: ";
        for (int i = 1; i < argc; i++)
                std::cout << (i > 1 ? "|" : "") << argv[i];
        std::cout << "\n";
        std::cerr << "to stderr\n";
        return 3;
}
