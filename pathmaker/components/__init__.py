"""Components: the shared page components every app's templates and views use, so a page looks, reads and
behaves the same wherever it is.

It owns the form field (`components/_field.html`), the error summary (`_errors.html`), breadcrumbs
(`{% breadcrumbs %}` / `{% crumb %}`), the status pill (`_status.html`), the level bar (`_level_bar.html`)
and the chart with its numbers as a table (`_chart.html`, geometry from `pathmaker.lib.charts`); the way a
day, a number or a role is written for a reader (`display`, with the `day`, `number` and `role_name`
filters loaded everywhere); bounded form fields (`fields`); and the one way an error becomes a sentence on
a page (`text.sentence`). It depends on no domain app, so every app may use it.
"""
