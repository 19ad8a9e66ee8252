"""What changed between published builds: a fingerprint of every fact per build, kept in
the published file and carried into the next one, and the diff between two of them."""
