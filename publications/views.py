"""Public pages of publications (filled in by the publication pages work)."""
