"""Compiler and linker flags for host tests run under ASan and UBSan."""

SANITIZE = [
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
]
