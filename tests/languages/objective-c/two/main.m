/* Two-file case: the class Greeter is in greeter.m, declared in greeter.h. */
#include "greeter.h"

int main(void) {
        [Greeter say:"coderun two files"];
        return 0;
}
