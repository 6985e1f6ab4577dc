"""The workspace keeps no tables of its own; this module lets the app receive ``post_migrate``."""
