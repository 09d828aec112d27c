global greet
section .rodata
line:   db      "coderun two files", 10
len:    equ     $ - line
section .text
greet:
        mov     eax, 1
        mov     edi, 1
        lea     rsi, [rel line]
        mov     edx, len
        syscall
        ret
