"""credentials: issues certificates when learners complete courses (a worker / event consumer).

Nobody calls it to issue one: it reacts to ``org.campus.learning.course.completed.v1``.
"""
