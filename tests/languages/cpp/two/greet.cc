#include "greet.hpp"

std::string greeting() {
        return "coderun two files";
}
