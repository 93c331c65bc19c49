"""Record layer: one JSON file per page with everything a live run produced."""
