#include <stdio.h>
#include "greeter.h"

@implementation Greeter
+ (void)say:(const char *)what {
        printf("%s\n", what);
}
@end
