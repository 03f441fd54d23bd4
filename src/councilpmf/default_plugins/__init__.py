"""The built-in plugins: stores, report formats and rating rules, registered through the same
hooks a council's own plugin uses."""
