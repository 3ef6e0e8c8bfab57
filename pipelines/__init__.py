"""Item pipelines (relevance, opportunity, store) and what reads their output (the report)."""
