/* mmap_untouched.c: attack (on the limits' design): map 8 GiB and touch only two pages. Safe: it runs, exit 0; only memory in use counts, never address space (no RLIMIT_AS). */
#include <stdio.h>
#include <sys/mman.h>

int main(void) {
        size_t size = (size_t)8 << 30;
        char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (p == MAP_FAILED) {
                perror("mmap");
                return 1;
        }
        p[0] = p[size - 1] = 1;
        puts("mapped 8 GiB");
        return 0;
}
