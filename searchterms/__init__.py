"""How citizens' search words match the portal's texts: synonyms and 文号 keys (no tables)."""
