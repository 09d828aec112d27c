export function greeting(): string {
  return "coderun two files";
}
