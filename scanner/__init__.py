"""Leidur: finds personal data in files, databases and mailboxes and maps it to GDPR purposes."""

__version__ = "0.2.0"
