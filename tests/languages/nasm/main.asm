; x86-64 NASM, no C library: _start gets argc and argv on the stack, and the
; program makes its own system calls (read 0, write 1, exit 60).
        global  _start

        section .rodata
banner: db      "coderun conformance", 10, "stdin: "
banner_len equ  $ - banner
pre:    db      "args: "
pre_len equ     $ - pre
sep:    db      "|"
nl:     db      10
err:    db      "to stderr", 10
err_len equ     $ - err

        section .bss
line:   resb    256

        section .text
; write(rdi = fd, rsi = buffer, rdx = length)
write:
        mov     eax, 1
        syscall
        ret

; rsi = a NUL-terminated string: write it to stdout
puts0:
        xor     edx, edx
.len:   cmp     byte [rsi + rdx], 0
        je      .out
        inc     rdx
        jmp     .len
.out:   mov     edi, 1
        jmp     write

_start:
        mov     edi, 1
        lea     rsi, [rel banner]
        mov     edx, banner_len
        call    write

        xor     ebx, ebx                ; bytes of the first line read so far
.read:  xor     edi, edi
        lea     rsi, [rel line]
        add     rsi, rbx
        mov     edx, 1
        xor     eax, eax
        syscall
        cmp     rax, 1
        jne     .eol
        lea     rsi, [rel line]
        cmp     byte [rsi + rbx], 10
        je      .eol
        inc     rbx
        cmp     rbx, 255
        jb      .read
.eol:   mov     edi, 1
        lea     rsi, [rel line]
        mov     rdx, rbx
        call    write
        mov     edi, 1
        lea     rsi, [rel nl]
        mov     edx, 1
        call    write

        mov     edi, 1
        lea     rsi, [rel pre]
        mov     edx, pre_len
        call    write
        mov     r12, [rsp]              ; argc
        mov     r13, 1
.arg:   cmp     r13, r12
        jge     .args_done
        cmp     r13, 1
        je      .no_sep
        mov     edi, 1
        lea     rsi, [rel sep]
        mov     edx, 1
        call    write
.no_sep:
        mov     rsi, [rsp + 8 + r13 * 8]
        call    puts0
        inc     r13
        jmp     .arg
.args_done:
        mov     edi, 1
        lea     rsi, [rel nl]
        mov     edx, 1
        call    write

        mov     edi, 2
        lea     rsi, [rel err]
        mov     edx, err_len
        call    write

        mov     eax, 60
        mov     edi, 3
        syscall
