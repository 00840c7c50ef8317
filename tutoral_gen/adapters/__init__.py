"""Adapters to the outside: atomic file writing, the site engine (MkDocs) and Git."""
