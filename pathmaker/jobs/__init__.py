"""Jobs: long work (imports, recomputes) run by the background worker, with progress a page can show;
fast bulk inserts and updates for that work (`bulkwrite.py`)."""
