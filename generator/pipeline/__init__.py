"""From a workspace to every target: the build of internal, public and client sites (one
site per proposal, each a typed job in one process pool), the month's reports, a sent
version. It drives the engine adapter (generator.engine) and writes through generator.output;
rendering gets its data from generator.inputs, never a path to read."""
