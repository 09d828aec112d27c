# long_line.py: attack: one 100 MB line with no newline. Safe: OL at output_limit, a valid JSON reply.
import os
chunk = b"x" * 1000000
for _ in range(100):
    os.write(1, chunk)
