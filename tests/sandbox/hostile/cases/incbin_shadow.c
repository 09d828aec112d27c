/* incbin_shadow.c: attack: embed a host file into the binary with the assembler's .incbin. Safe: the assembler runs in the sandbox and cannot find /etc/shadow. */
__asm__(".section .rodata\n.incbin \"/etc/shadow\"\n.previous");
int main(void) { return 0; }
