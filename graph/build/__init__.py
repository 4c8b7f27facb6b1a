"""Build: resolved facts -> N-Triples lines -> graph.nt and graph.ttl, and the pipeline that runs the stages."""
