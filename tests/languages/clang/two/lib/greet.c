#include "../greet.h"

const char *greeting(void) {
        return "coderun two files";
}
