"""sns-proposals: social-media strategy proposals from YAML plans."""

from generator.cache.versions import dist_version

# From pip's metadata folder name: every build writes it into the output's manifest, and
# importlib.metadata would cost a no-op rebuild 20 ms to load.
__version__ = dist_version("sns-proposals") or "0.0.0"
