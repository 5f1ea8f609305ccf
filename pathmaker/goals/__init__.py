"""Goals: a student's goals with steps, linked competencies and check-ins; advisors' and teachers'
proposals; advisor-only reflections; the advisor's page of advisees with overdue and stalled goals."""
