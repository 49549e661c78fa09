"""Reading articles from files, folders, JSONL and stdin."""
