/* Two-file case: greeting() is in lib/greet.c, declared in greet.h. */
#include <stdio.h>
#include "greet.h"

int main(void) {
        puts(greeting());
        return 0;
}
