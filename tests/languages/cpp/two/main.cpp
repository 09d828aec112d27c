// Two-file case: greeting() is in greet.cc (another of cpp's extensions).
#include <iostream>
#include "greet.hpp"

int main() {
        std::cout << greeting() << "\n";
}
