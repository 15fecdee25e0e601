

# Rate-limit counters need no reset between tests: they live in the database cache table
# (settings.CACHES), which each test's transaction rolls back.
