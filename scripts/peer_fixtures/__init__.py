"""The peer fixture cases, one module per peer (scripts/make-peer-fixtures.py writes them)."""
