#include <stdio.h>

/* The sum of the whole numbers on stdin. */
int main(void)
{
	long long n, sum = 0;

	while (scanf("%lld", &n) == 1)
		sum += n;
	printf("%lld\n", sum);
	return 0;
}
