import platform

print("Hello from", platform.python_version())
