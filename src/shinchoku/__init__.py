"""shinchoku (進捗): runs a municipal plan's promotion structure."""

__version__ = "0.1.0"
