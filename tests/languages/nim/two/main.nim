# Two-file case: greeting is in the module greet (greet.nim), found by import.
import greet

echo greeting()
