"""Portfolios: a student's work (uploads and links), featured for the family or not, and turned into
evidence by the adults who record evidence for them."""
