"""OneRoster 1.1/1.2 CSV bulk files: reading (pure) and importing (database); the demo's generator is pathmaker.demo.district."""
