"""`make bench`: the harness, the sections (one module per area) and their list, run by ``manage.py bench``."""
