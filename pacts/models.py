"""Emulation pacts: commitments, scoring table and registrations of a bloc-year."""
