/* include_shadow.c: attack: have the compiler print a host secret in its error messages. Safe: /etc/shadow does not exist for the compiler: "No such file or directory". */
#include "/etc/shadow"
int main(void) { return 0; }
