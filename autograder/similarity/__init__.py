"""Class integrity: which notebooks share code or saved outputs beyond what everyone has.

- :mod:`~autograder.similarity.lesson`: the lesson's code blocks (boilerplate);
- :mod:`~autograder.similarity.notebooks`: a submission's own answer code and the
  outputs its student's run saved;
- :mod:`~autograder.similarity.fingerprints`: copydetect's winnowed fingerprints of the
  answer code, boilerplate removed;
- :mod:`~autograder.similarity.pairs`: pairs ranked by shared fingerprints, and matches
  with the hidden reference;
- :mod:`~autograder.similarity.outputs`: pairs whose saved training numbers agree.

May import: contracts, student_imports, submissions, data, kernel, checks, judging,
execution, authoring.
"""
