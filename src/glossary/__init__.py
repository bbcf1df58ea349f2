"""glossary: a multilingual sales glossary, its training site, quiz and validator."""

__version__ = "0.1.0"
