"""One module per command line verb: ``add_arguments(parser)`` and ``run(args) -> int``."""
