"""`python -m scanner` is the same as the `leidur` command."""
from scanner.cli import main

main()
