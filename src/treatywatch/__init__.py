"""treatywatch: news about interstate agreements turned into sourced, queryable records."""

__version__ = "0.1.0"
