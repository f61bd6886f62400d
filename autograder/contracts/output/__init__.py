"""Step 4 of a submission's story: the output folder a batch writes, declared once.

:mod:`.folder` names every file of the folder and records a result in it (its JSON, its
``grades.csv`` row and its Gradescope file, in one call); :mod:`.gradescope` is the
Gradescope results format those files follow.
"""
