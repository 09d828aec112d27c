/* int80.c: seccomp probe. getpid through the i386 entry (int 0x80, eax = 20) from a
 * 64-bit binary: the kernel runs it from the i386 table, with AUDIT_ARCH_I386, which
 * an x86_64-only filter must not let through. Prints "ok RET" or "ERRNO -N". */
#include <stdio.h>

int main(void) {
        long ret = 20;

        /* The kernel clears r8-r11 on return from a compat call. */
        __asm__ volatile("int $0x80" : "+a"(ret) : : "r8", "r9", "r10", "r11", "memory");
        if (ret < 0 && ret > -4096) {
                printf("ERRNO %ld\n", ret);
                return 1;
        }
        printf("ok %ld\n", ret);
        return 0;
}
