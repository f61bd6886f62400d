"""Step 7 of a course: final grades out to the LMS, feedback back to the students.

- :mod:`~autograder.lms.grades`: the final grades of one assignment, refused while
  written answers are ungraded (unless asked);
- :mod:`~autograder.lms.matching`: which LMS student a submission belongs to;
- :mod:`~autograder.lms.csv_fields`: a CSV's fields with their exact bytes, so a file
  can be given back with one column changed and every other byte as it was;
- :mod:`~autograder.lms.canvas`, :mod:`~autograder.lms.moodle`, :mod:`~autograder.lms.plain`:
  one writer per format;
- :mod:`~autograder.lms.returned`: one feedback page per student, with the TAs' comments.
"""
