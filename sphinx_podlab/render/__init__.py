"""Render layer: records and specs into format-neutral docutils nodes."""
