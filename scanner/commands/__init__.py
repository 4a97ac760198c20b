"""Leidur sub-commands, one module each, loaded only when used (see COMMANDS in scanner/cli.py)."""
