//! A throwaway PostgreSQL cluster for tests and the benchmark (filled in below).
