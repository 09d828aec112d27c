/* int80.c: attack: getpid through the 32-bit entry (int 0x80) from a 64-bit binary, past an x86_64-only filter. Safe: killed by SIGSYS (the filter covers i386). */
#include <stdio.h>

int main(void) {
        long ret = 20; /* __NR_getpid on i386 */

        __asm__ volatile("int $0x80" : "+a"(ret) : : "r8", "r9", "r10", "r11", "memory");
        printf("int 0x80 returned %ld\n", ret);
        return 0;
}
