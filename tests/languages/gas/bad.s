        .text
        .globl  main
main:
        movq    %rax, %nosuchregister
        ret
