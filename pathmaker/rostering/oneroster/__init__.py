"""OneRoster 1.1/1.2 CSV bulk files: reading (pure), importing (database), generating (demo and benchmarks)."""
