"""Execute layer: kubectl-equivalent operations with the official ``kubernetes`` client."""
