# x86-64 GNU assembler, AT&T syntax, with the C library.
        .section .rodata
banner: .asciz  "coderun conformance"
fmt_in: .asciz  "stdin: %s"
pre:    .asciz  "args: "
sep:    .asciz  "|"
nl:     .asciz  "\n"
err:    .asciz  "to stderr\n"

        .bss
line:   .skip   256

        .text
        .globl  main
main:
        push    %rbx
        push    %r12
        push    %r13
        mov     %edi, %ebx              # argc
        mov     %rsi, %r12              # argv
        lea     banner(%rip), %rdi
        call    puts
        lea     line(%rip), %rdi
        mov     $256, %esi
        mov     stdin(%rip), %rdx
        call    fgets
        lea     fmt_in(%rip), %rdi
        lea     line(%rip), %rsi
        xor     %eax, %eax
        call    printf                  # the line keeps its newline
        lea     pre(%rip), %rdi
        xor     %eax, %eax
        call    printf
        mov     $1, %r13d
1:      cmp     %ebx, %r13d
        jge     3f
        cmp     $1, %r13d
        je      2f
        lea     sep(%rip), %rdi
        xor     %eax, %eax
        call    printf
2:      mov     (%r12,%r13,8), %rdi
        mov     stdout(%rip), %rsi
        call    fputs
        inc     %r13d
        jmp     1b
3:      lea     nl(%rip), %rdi
        xor     %eax, %eax
        call    printf
        lea     err(%rip), %rdi
        mov     stderr(%rip), %rsi
        call    fputs
        mov     $3, %eax
        pop     %r13
        pop     %r12
        pop     %rbx
        ret
        .section .note.GNU-stack,"",@progbits
