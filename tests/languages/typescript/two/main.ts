// Two-file case: greeting is in greet.ts, which tsc compiles as an import.
import { greeting } from "./greet";

console.log(greeting());
