"""gunicorn's settings for Tracker, read from the directory it starts in (`gunicorn tracker.wsgi`); a command-line
option wins over the same setting here (`--workers 4`).

Measured by bench/pages.py, which serves the pages with these settings (docs/performance.md).
"""

import multiprocessing

# One process per core, each with a few threads: while one thread waits on PostgreSQL another renders a page, and
# no more Python runs at once than there are cores. Sync workers left a core idle during every query.
workers = multiprocessing.cpu_count()
worker_class = "gthread"
threads = 4
# A page that takes longer than this is stopped, and its worker replaced.
timeout = 60
# Behind a proxy that keeps connections open to gunicorn.
keepalive = 5
