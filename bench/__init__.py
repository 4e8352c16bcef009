"""Benchmarks: `make bench` runs them; figures live in bench/README.md."""
