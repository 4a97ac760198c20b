"""Leidur recognisers for Latvian identifiers (an example plugin package)."""
