"""Leidur's default rulebook and YAML recognisers (data, shipped with the install)."""
