"""The course desk: where grades meet the people who give them and the LMS that takes them.

- :mod:`~autograder.desk.gradebook`: every point of every submission in one SQLite file;
  its store is the only code that knows the schema and runs a query;
- :mod:`~autograder.desk.serve`: ``densegrade serve``, the TAs' grading app over it;
- :mod:`~autograder.desk.lms`: ``densegrade export``, final grades out to Canvas, Moodle
  or a plain CSV, and feedback pages to hand back.

The desk reads what grading left (results, the output folder, the bundles' questions)
and never the other way round: the grader knows nothing of the gradebook but the one
door the batch calls, :func:`autograder.desk.gradebook.take_in`.

May import: contracts, student_imports, submissions, data, kernel, checks, judging,
execution, authoring, similarity, reports.
"""
