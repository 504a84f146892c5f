"""Real SPARQL servers other than Oxigraph, started on 127.0.0.1 for tests and benchmarks."""
