"""A ChangeFeed subscriber to copy: see README.md."""
