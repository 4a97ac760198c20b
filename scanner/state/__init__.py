"""The state store: scans, items, findings, keyed fingerprints and review marks (SQLite file or PostgreSQL)."""
from scanner.state.store import StateStore, default_state_url

__all__ = ["StateStore", "default_state_url"]
