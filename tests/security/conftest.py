"""The access matrix reports its figures (URL patterns x personas, checks, time) at the end of
the run, whatever the verbosity, so that they can be quoted."""

SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if SUMMARY:
        terminalreporter.section("access matrix")
        for line in SUMMARY:
            terminalreporter.write_line(line)
