"""What a build reads, as data: the facts of the workspace that rendering is given and never
reads itself (what was sent of each proposal, …). It sits under rendering and above the
readers of plans and actuals; render takes these, never paths."""
