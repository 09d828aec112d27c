/* malloc_touch.c: attack: allocate 2 GiB and touch every page. Safe: killed at run_memory_limit, status ML; the host never gives it the memory. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
        size_t size = (size_t)2 << 30;
        volatile char *p = malloc(size);

        if (!p) {
                puts("malloc failed");
                return 1;
        }
        for (size_t i = 0; i < size; i += 4096)
                p[i] = 1;
        puts("touched 2 GiB");
        return 0;
}
