"""Batch extraction on a distributed engine: sharded JSONL and WARC in, the store out (batch/engine.py)."""
