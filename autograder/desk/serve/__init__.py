"""``densegrade serve``: the TAs' grading app over an output folder's gradebook."""
