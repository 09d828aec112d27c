#include <stddef.h>

int main(void)
{
	volatile int *p = NULL;

	*p = 42;	/* nothing is mapped at address 0: SIGSEGV */
	return 0;
}
