"""The scale mode of the benchmarks (issue 15): ``make bench-scale`` and ``make load-test``."""
