# solution.py: the area of a circle of radius r, printed as Python prints a float.
import math

r = float(input())
print(math.pi * r * r)
