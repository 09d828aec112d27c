; Two-file case: greet, in lib/greet.asm, writes the line; then exit 0.
global _start
extern greet
section .text
_start:
        call    greet
        mov     eax, 60
        xor     edi, edi
        syscall
