proc greeting*(): string = "coderun two files"
