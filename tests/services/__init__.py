"""Real servers for tests (PostgreSQL, MariaDB, Dovecot, Samba), started once per session on loopback."""
