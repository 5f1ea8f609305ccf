"""The demo: tooling that builds a realistic district to try Pathmaker on, kept out of the domain apps.

It owns the synthetic district generator (`district.py`, pure Python writing OneRoster 1.2 CSV files,
also used by the benchmarks and the topology tests), the builder that imports that district through
the real importer and gives each persona a login (`builder.py`), one module per domain that feeds it
through that domain's services (`frameworks.py`, `evidence.py`, `profiles.py`, `goals.py`,
`inventories.py`, `portfolios.py`, `conferences.py`), the tables of names and texts they draw from
(`data/`), and the `pathmaker demo` and `pathmaker generate-district` commands.

No domain app imports it (an import-linter contract in pyproject.toml).
"""
