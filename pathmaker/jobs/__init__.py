"""Jobs: long work (imports now; recomputes and reports later) run by the background worker, with progress a page can show."""
