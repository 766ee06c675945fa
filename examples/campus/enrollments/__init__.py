"""enrollments: learners enroll in course runs and complete them (a process service)."""
