// interactor.cpp: the guessing game's judge. The secret number n and the query
// limit are the first line of its input file (argv[1]); the solution asks
// "? x" and hears "<" (n is smaller), ">" (n is larger) or "=" (found), then
// must stop. Exit codes are testlib's: 0 accepted, 1 wrong answer.
#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char **argv) {
        long n, limit;
        FILE *in = argc > 1 ? std::fopen(argv[1], "r") : nullptr;

        if (!in || std::fscanf(in, "%ld %ld", &n, &limit) != 2) {
                std::cerr << "bad test input\n";
                return 3;
        }
        for (long q = 1;; q++) {
                std::string mark;
                long x;

                if (!(std::cin >> mark >> x) || mark != "?") {
                        std::cerr << "wrong answer: expected \"? x\" as query " << q << "\n";
                        return 1;
                }
                if (q > limit) {
                        std::cerr << "wrong answer: more than " << limit << " queries\n";
                        return 1;
                }
                std::cout << (x == n ? "=" : n < x ? "<" : ">") << std::endl;
                if (x == n) {
                        std::cerr << "ok: found " << n << " in " << q << " queries\n";
                        return 0;
                }
        }
}
