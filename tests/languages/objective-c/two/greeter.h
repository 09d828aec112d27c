#import <objc/Object.h>

@interface Greeter : Object
+ (void)say:(const char *)what;
@end
