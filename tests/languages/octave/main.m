printf("coderun conformance\n");
printf("stdin: %s\n", fgetl(stdin));
printf("args: %s\n", strjoin(argv()', "|"));
fprintf(stderr, "to stderr\n");
exit(3);
