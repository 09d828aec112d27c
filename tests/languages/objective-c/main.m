#import <objc/Object.h>
#include <stdio.h>
#include <string.h>

@interface Greeter : Object
+ (void)say:(const char *)what;
@end

@implementation Greeter
+ (void)say:(const char *)what {
        printf("%s\n", what);
}
@end

int main(int argc, char **argv) {
        char line[256] = "";

        [Greeter say:"coderun conformance"];
        if (fgets(line, sizeof line, stdin))
                line[strcspn(line, "\n")] = '\0';
        printf("stdin: %s\n", line);
        printf("args: ");
        for (int i = 1; i < argc; i++)
                printf("%s%s", i > 1 ? "|" : "", argv[i]);
        printf("\n");
        fputs("to stderr\n", stderr);
        return 3;
}
