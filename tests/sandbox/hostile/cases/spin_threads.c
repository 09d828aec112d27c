/* spin_threads.c: attack: four threads spin to buy four times the CPU budget. Safe: TO when all threads together used the limit (CPU time summed). */
#include <pthread.h>

static void *spin(void *arg) {
        for (;;)
                ;
        return arg;
}

int main(void) {
        pthread_t t[4];

        for (int i = 0; i < 4; i++)
                pthread_create(&t[i], NULL, spin, NULL);
        return pthread_join(t[0], NULL);
}
