"""Portal: the web application shell: login, each persona's home page, the student and section pages, base layout."""
