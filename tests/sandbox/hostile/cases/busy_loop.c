/* busy_loop.c: attack: spin forever. Safe: TO by the CPU time limit, cpu_time just over the limit. */
int main(void) {
        for (;;)
                ;
}
