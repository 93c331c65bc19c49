"""Parse layer: the text of a ``podlab`` block into typed kubectl commands (no cluster)."""
