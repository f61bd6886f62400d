"""Step 7 of a course: final grades out to the LMS, feedback back to the students.

- :mod:`~autograder.desk.lms.grades`: the final grades of one assignment, refused while
  written answers are ungraded (unless asked);
- :mod:`~autograder.desk.lms.matching`: which LMS student a submission belongs to;
- :mod:`~autograder.desk.lms.csv_fields`: a CSV's fields with their exact bytes, so a file
  can be given back with one column changed and every other byte as it was;
- :mod:`~autograder.desk.lms.canvas`, :mod:`~autograder.desk.lms.moodle`,
  :mod:`~autograder.desk.lms.plain`: one writer per format;
- :mod:`~autograder.desk.lms.returned`: one feedback page per student, with the TAs' comments.
"""
