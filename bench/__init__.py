"""Benchmarks of spkg and the synthetic reviews they run on; figures go to bench/results/."""
