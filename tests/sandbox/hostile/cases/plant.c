/* plant.c: attack: plant symlinks to host files, hard links, and a FIFO as the program for the next run. Safe: links resolve in the sandbox or fail (EXDEV); the FIFO cannot start (XX). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void try(const char *what, int r) {
        printf("%s: %s\n", what, r == 0 ? "ok" : strerrorname_np(errno));
}

int main(void) {
        try("symlink shadow", symlink("/etc/shadow", "/box/shadow"));
        try("symlink root", symlink("/", "/box/hostroot"));
        try("symlink main.c", unlink("/box/main.c") || symlink("/etc/shadow", "/box/main.c"));
        try("link passwd", link("/etc/passwd", "/box/passwd"));
        try("link su", link("/usr/bin/su", "/box/su"));
        try("fifo main", unlink("/box/main") || mkfifo("/box/main", 0755));
        return 0;
}
