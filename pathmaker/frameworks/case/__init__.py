"""1EdTech CASE (Competencies and Academic Standards Exchange) 1.0/1.1 packages: read, import, export."""
