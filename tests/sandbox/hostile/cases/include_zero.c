/* include_zero.c: attack: make the compiler read /dev/zero forever. Safe: the compile stage is stopped (ML, TO or a compile error), no run, the reply arrives. */
#include "/dev/zero"
int main(void) { return 0; }
