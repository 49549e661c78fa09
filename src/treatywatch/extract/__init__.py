"""Per-article extraction: entities, agreements, events, provisions, each with evidence."""
