"""Drift review: what changed between two records of a page, each change cosmetic (ages,
timestamps, durations, consistently renamed IPs and generated names, UIDs) or meaningful (the
page's story: statuses, messages, lines, exit codes, checked text)."""
