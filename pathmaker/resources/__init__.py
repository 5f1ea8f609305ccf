"""Resources: the library of learning material tagged to competencies (links, files, activities,
assessments), its curators, ratings and flags, its CSV and LRMI/JSON-LD imports, and its search."""
