"""What a build reads besides its plans, as data: one reader (no link followed, a size bound,
one line when a file cannot be used) that records every file it read with its digest, and
the :class:`~generator.inputs.snapshot.Inputs` rendering asks for pictures, actuals,
comments, the deck's logo and template, and what was sent of each proposal. It sits under
rendering and above the readers of plans and actuals; render takes these, never paths, and
a site's key is the digest of what its build read."""
