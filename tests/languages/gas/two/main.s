# Two-file case: greeting, in greet.s, returns the line to print.
        .text
        .globl  main
main:
        push    %rbx
        call    greeting
        mov     %rax, %rdi
        call    puts
        xor     %eax, %eax
        pop     %rbx
        ret
        .section .note.GNU-stack,"",@progbits
