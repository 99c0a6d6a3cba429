"""The city-scale benchmark: `make bench` (and `make bench TASKS=100000`).

`bench.dataset` builds the data set into its own SQLite file under `bench/data/`; `bench.run`
serves it with gunicorn on loopback and measures the scenarios over real HTTP. Results go to
`bench/results/latest.json`; the method and the measured tables are in `docs/performance.md`.
"""
