"""Helpers of the Python test suite (warehouse builds, a throwaway PostgreSQL server)."""
