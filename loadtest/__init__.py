"""The load test: loadtest/run.py (make loadtest) drives loadtest/locustfile.py."""
