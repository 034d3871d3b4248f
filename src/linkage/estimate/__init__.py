"""Counting the uncounted: multiple-systems estimation from the lists that name each individual."""
