        .section .rodata
line:   .asciz  "coderun two files"
        .text
        .globl  greeting
greeting:
        lea     line(%rip), %rax
        ret
        .section .note.GNU-stack,"",@progbits
