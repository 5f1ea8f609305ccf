"""The demo's tables: names, places, courses and the texts its people write; data only, no logic."""
