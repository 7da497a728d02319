"""Rights requests of parents and pupils: inspection, correction, erasure, with the legal clock."""
