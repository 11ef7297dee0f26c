"""Scale data generators and benchmarks (run with ``python -m bench.generate`` /
``python -m bench.run`` from the repository root; never part of the timed test suite)."""
