"""`python -m scanner` is the same as the `leidur` command."""
from scanner.cli import main

if __name__ == "__main__":  # not when a spawned worker process imports it (Dask, multiprocessing)
    main()
