"""Jinja's compiled templates kept in a dict, so that a new process need not compile them again.

``tutoral build`` saves the dict with its caches (sealed: see ``adapters/sealed.py``); Jinja
checks each entry against its template's source and compiles again any that changed.
"""

from __future__ import annotations

import jinja2
import jinja2.bccache


class Compiled(jinja2.BytecodeCache):
    """A Jinja bytecode cache in ``store`` (Jinja's key -> its bytes)."""

    def __init__(self, store: dict[str, bytes]) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (data := self.store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(data)  # Jinja drops it if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
